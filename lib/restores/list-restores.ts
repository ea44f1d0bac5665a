/* The restore history of one environment (restores INTO it), newest first: who started it, when, what
 * (scope, mode, files), from which backup, the result and how long it took, its safety backup, and
 * whether Undo is still possible (the restore finished and its safety backup succeeded and still
 * exists). Keyset pagination on (created_at, id), as for backups. Read-only. */
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { backups, environments, restores, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const ZListRestores = z.object({
  limit: z.coerce.number().int().min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50),
  cursor: z.string().max(200).optional().nullable(),
});
export type TListRestores = z.input<typeof ZListRestores>;

type Row = typeof restores.$inferSelect;
export type RestoreListItem = {
  id: string;
  status: Row["status"];
  scope: Row["scope"];
  includeCode: boolean;
  mode: Row["mode"];
  paths: { sourceId: string; path: string }[] | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdBy: { id: string; email: string; name: string } | null;
  /** null for a restore to a point in time (then `pitr` says from which time). */
  backup: {
    id: string;
    environmentId: string;
    environmentName: string | null;
    takenAt: string;
    deleted: boolean;
  } | null;
  pitr?: { sourceId: string; time: string; recoveredTo: string | null };
  safetyBackup: { id: string; status: string; deleted: boolean } | null;
  /** Undo puts the safety backup back; possible once the restore ended and that backup is usable. */
  undoable: boolean;
  error?: { code: string; message: string };
  /** The primary could not be opened and an off-site copy was read instead (lib/copies). */
  restoredFromCopy?: { destinationId: string; destinationName: string; message: string };
};
export type RestorePage = { items: RestoreListItem[]; nextCursor: string | null };

const ENDED = new Set(["succeeded", "partial", "failed", "cancelled"]);

export async function listRestores(environmentId: string, input: TListRestores = {}): Promise<RestorePage> {
  const { limit, cursor } = ZListRestores.parse(input);
  const db = getDb();
  const [env] = isUuid(environmentId)
    ? await db.select({ id: environments.id }).from(environments).where(eq(environments.id, environmentId))
    : [];
  if (!env) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const after = cursor ? decodeCursor(cursor) : null;
  const source = alias(backups, "source_backup");
  const origin = alias(environments, "origin_env");
  const rows = await db
    .select({
      r: restores,
      createdAtText: sql<string>`${restores.createdAt}::text`,
      user: { id: users.id, email: users.email, name: users.name },
      backup: source,
      originName: origin.name,
    })
    .from(restores)
    .leftJoin(users, eq(users.id, restores.createdBy))
    .leftJoin(source, eq(source.id, restores.backupId))
    .leftJoin(origin, eq(origin.id, source.environmentId))
    .where(
      and(
        eq(restores.targetEnvironmentId, environmentId),
        after
          ? sql`(${restores.createdAt}, ${restores.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(restores.createdAt), desc(restores.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const safetyIds = page.map((p) => p.r.safetyBackupId).filter((x): x is string => !!x);
  const safeties = safetyIds.length ? await db.select().from(backups).where(inArray(backups.id, safetyIds)) : [];
  const last = page[page.length - 1];
  return {
    items: page.map(({ r, user, backup, originName }) => {
      const safety = safeties.find((b) => b.id === r.safetyBackupId);
      return {
        id: r.id,
        status: r.status,
        scope: r.scope,
        includeCode: r.includeCode,
        mode: r.mode,
        paths: r.paths ?? null,
        createdAt: r.createdAt.toISOString(),
        startedAt: r.startedAt?.toISOString() ?? null,
        finishedAt: r.finishedAt?.toISOString() ?? null,
        durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
        createdBy: user?.id ? user : null,
        backup: r.backupId
          ? {
              id: r.backupId,
              environmentId: backup?.environmentId ?? environmentId,
              environmentName: originName ?? null,
              takenAt: (backup?.startedAt ?? backup?.createdAt ?? r.createdAt).toISOString(),
              deleted: !backup || !!backup.deletedAt,
            }
          : null,
        ...(r.pitr
          ? {
              pitr: { sourceId: r.pitr.sourceId, time: r.pitr.time, recoveredTo: r.recoveredTo?.toISOString() ?? null },
            }
          : {}),
        safetyBackup: safety ? { id: safety.id, status: safety.status, deleted: !!safety.deletedAt } : null,
        undoable: ENDED.has(r.status) && !!safety && safety.status === "succeeded" && !safety.deletedAt,
        ...(r.error ? { error: r.error } : {}),
        ...(r.restoredFromCopy ? { restoredFromCopy: r.restoredFromCopy } : {}),
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAtText, last.r.id) : null,
  };
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (typeof createdAt !== "string" || !/^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(createdAt))
      throw new Error();
    if (!isUuid(id)) throw new Error();
    return { createdAt, id };
  } catch {
    throw new AppError("validation_failed", "The page cursor is not valid. Start again from the first page.", {
      cursor: "Not a valid cursor",
    });
  }
}
