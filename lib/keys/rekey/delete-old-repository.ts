/* Deleting the repository a re-key left behind, once its keep period has passed (a sweep: the leased loop
 * of rekey-sweeper.ts, or `sweepRekeyedRepositories(now)` with any time). A local folder is removed with
 * rm -rf — only when it is a restic repository (a `config` file and a `keys` folder), so a mistyped row
 * can never empty another folder. S3: every object of restic's layout under the old prefix is deleted
 * (lib/engine s3-remove.ts; other objects stay; a prefix without `config` is refused). REST: every key,
 * lock, snapshot, index and data file is deleted over restic's REST protocol (rest-remove.ts), which has
 * no DELETE for `config`: that encrypted file stays, unreadable without a key. SFTP: restic's files are
 * removed with `sftp -b` batches over the destination's own key and known_hosts (sftp-remove.ts), then
 * its folders and the repository folder, which stays only when something else lives in it (reported);
 * a folder without `config` and `keys` is refused. Each deletion is audited
 * (destination.rekey_old_deleted, or its failure); the row becomes `done` and forgets the old password. */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { and, eq, lte } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinations, repositoryRekeys } from "@/lib/db/schema";
import { removeRestRepositoryOf, removeS3RepositoryOf, removeSftpRepositoryOf } from "@/lib/engine";
import { env } from "@/lib/env";
import { errorInfo } from "@/lib/error-info";
import { logger } from "@/lib/logger";
import { locationLabel } from "./new-location";
import { keptOldSpecOf } from "./rekey-repos";
import type { RekeyRow } from "./rekey-rows";

export class NotARepository extends Error {}

/** Removes a local restic repository folder (refuses a folder that is not one). */
export function removeLocalRepository(dir: string): void {
  if (!fs.existsSync(dir)) return; // removed already (a retried sweep)
  const isRepo =
    fs.existsSync(path.join(dir, "config")) &&
    fs.statSync(path.join(dir, "keys"), { throwIfNoEntry: false })?.isDirectory();
  if (!isRepo) throw new NotARepository(`${dir} is not a restic repository; it was left alone.`);
  fs.rmSync(dir, { recursive: true, force: true });
}

export async function deleteOldRepository(row: RekeyRow): Promise<{ how: string }> {
  const [dest] = await getDb().select().from(destinations).where(eq(destinations.id, row.destinationId));
  if (!dest || !row.oldConfig) return { how: "nothing to delete" };
  let how: string;
  if (dest.type === "local") {
    removeLocalRepository(String(row.oldConfig.path));
    how = "folder removed";
  } else if (dest.type === "s3") {
    const spec = keptOldSpecOf(dest, row);
    const r = spec ? await removeS3RepositoryOf(spec) : { deleted: 0, leftAlone: 0 };
    how = `${r.deleted} object(s) of the repository deleted${r.leftAlone ? `; ${r.leftAlone} other object(s) under the prefix left alone` : ""}`;
  } else if (dest.type === "rest") {
    const spec = keptOldSpecOf(dest, row);
    const r = spec ? await removeRestRepositoryOf(spec) : { deleted: 0 };
    how = `${r.deleted} file(s) of the repository deleted; only its encrypted config remains (the REST protocol cannot delete it, and no key is left to open it)`;
  } else {
    const spec = keptOldSpecOf(dest, row);
    const r = spec
      ? await removeSftpRepositoryOf(spec, { dataDir: env().dataDir })
      : { deleted: 0, leftAlone: 0, folderRemoved: false };
    how = r.folderRemoved
      ? `${r.deleted} file(s) of the repository deleted; folder removed`
      : `${r.deleted} file(s) of the repository deleted; the folder stays: ${r.leftAlone} other entr${r.leftAlone === 1 ? "y" : "ies"} in it left alone`;
  }
  return { how };
}

/** Deletes every kept old repository whose time has come (at `now`); returns how many were deleted. */
export async function sweepRekeyedRepositories(now: Date): Promise<number> {
  const due = await getDb()
    .select()
    .from(repositoryRekeys)
    .where(and(eq(repositoryRekeys.status, "switched"), lte(repositoryRekeys.deleteAfter, now)));
  let deleted = 0;
  for (const row of due) {
    const [dest] = await getDb()
      .select({ name: destinations.name, type: destinations.type })
      .from(destinations)
      .where(eq(destinations.id, row.destinationId));
    const target = { type: "destination", id: row.destinationId, name: dest?.name ?? row.destinationId };
    const oldLocation = dest && row.oldConfig ? locationLabel(dest.type, row.oldConfig) : null;
    try {
      const { how } = await deleteOldRepository(row);
      await getDb()
        .update(repositoryRekeys)
        .set({ status: "done", oldDeletedAt: now, finishedAt: now, oldPasswordEnc: null })
        .where(and(eq(repositoryRekeys.id, row.id), eq(repositoryRekeys.status, "switched")));
      await writeAudit({
        actor: SYSTEM_ACTOR,
        action: "destination.rekey_old_deleted",
        target,
        details: { rekeyId: row.id, oldLocation, oldRepositoryId: row.oldRepositoryId, how },
      });
      deleted++;
    } catch (e) {
      const message = errorInfo(e).message;
      logger().warn({ rekeyId: row.id, message }, "the old repository of a re-key could not be deleted");
      await writeAudit({
        actor: SYSTEM_ACTOR,
        action: "destination.rekey_old_deleted",
        target,
        outcome: "failure",
        details: { rekeyId: row.id, oldLocation, reason: message },
      });
      await getDb().update(repositoryRekeys).set({ error: { message } }).where(eq(repositoryRekeys.id, row.id));
    }
  }
  return deleted;
}
