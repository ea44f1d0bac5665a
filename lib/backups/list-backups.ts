/* One page of an environment's backups, newest first, with keyset pagination on (created_at, id) so
 * page 200 of 10,000 backups costs the same as page 1 (the backups_env_created_idx index). The cursor
 * is opaque to callers; it carries created_at as PostgreSQL prints it, so microseconds survive the
 * round trip (a JavaScript Date would cut them and skip or repeat rows). Deleted backups are hidden.
 * Identical concurrent reads (same environment, limit and cursor) share one read
 * (lib/read-models/coalesce.ts: never one that started before the caller asked); callers must not
 * mutate the page they get. */
import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { backups, environments } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { coalesced } from "@/lib/read-models/coalesce";
import { loadBackupViews, type BackupView } from "./backup-view";

export const ZListBackups = z.object({
  limit: z.coerce.number().int().min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50),
  cursor: z.string().max(200).optional().nullable(),
});
export type TListBackups = z.input<typeof ZListBackups>;

export type BackupPage = { items: BackupView[]; nextCursor: string | null };

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

const notFound = () => new AppError("not_found", "This environment does not exist (it may have been deleted).");

export async function listBackups(environmentId: string, input: TListBackups = {}): Promise<BackupPage> {
  const { limit, cursor } = ZListBackups.parse(input);
  if (!isUuid(environmentId)) throw notFound();
  const after = cursor ? decodeCursor(cursor) : null;
  return coalesced(`backups:${environmentId}:${limit}:${cursor ?? ""}`, () => readPage(environmentId, limit, after));
}

async function readPage(
  environmentId: string,
  limit: number,
  after: { createdAt: string; id: string } | null,
): Promise<BackupPage> {
  const db = getDb();
  const rows = await db
    .select({ row: backups, createdAtText: sql<string>`${backups.createdAt}::text` })
    .from(backups)
    .where(
      and(
        eq(backups.environmentId, environmentId),
        isNull(backups.deletedAt),
        after
          ? sql`(${backups.createdAt}, ${backups.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(backups.createdAt), desc(backups.id))
    .limit(limit + 1);
  // A backup row exists only while its environment does (on delete cascade), so only an empty page
  // needs the environment looked up to tell "no backups" from "no such environment".
  if (!rows.length) {
    const [env] = await db.select({ id: environments.id }).from(environments).where(eq(environments.id, environmentId));
    if (!env) throw notFound();
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await loadBackupViews(page.map((r) => r.row)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAtText, last.row.id) : null,
  };
}
