/* Reading test restores: one by id (GET /test-restores/{id}), an environment's newest first with keyset
 * pagination on (created_at, id) (GET /environments/{id}/test-restores), and the latest per backup for
 * the Backups tab. Rows are turned into TestRestoreView (lib/proof/schema.ts) here only. Read-only. */
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { environments, testRestores } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { TestRestoreView } from "@/lib/proof/schema";

type Row = typeof testRestores.$inferSelect;

export function testRestoreView(r: Row): TestRestoreView {
  return {
    id: r.id,
    backupId: r.backupId,
    environmentId: r.environmentId,
    status: r.status,
    trigger: r.trigger,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    sources: r.sources,
    ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
  };
}

export async function getTestRestore(id: string): Promise<TestRestoreView> {
  const [r] = isUuid(id) ? await getDb().select().from(testRestores).where(eq(testRestores.id, id)) : [];
  if (!r) throw new AppError("not_found", "This test restore does not exist (its backup may have been removed).");
  return testRestoreView(r);
}

export const ZListTestRestores = z.object({
  limit: z.coerce.number().int().min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50),
  cursor: z.string().max(200).optional().nullable(),
});

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (typeof createdAt !== "string" || !isUuid(id)) throw new Error("bad");
    return { createdAt, id };
  } catch {
    throw new AppError("validation_failed", "The page cursor is not valid. Start again from the first page.", {
      cursor: "Not a valid cursor",
    });
  }
}

export async function listTestRestores(
  environmentId: string,
  input: z.input<typeof ZListTestRestores> = {},
): Promise<{ items: TestRestoreView[]; nextCursor: string | null }> {
  const { limit, cursor } = ZListTestRestores.parse(input);
  const db = getDb();
  const [env] = isUuid(environmentId)
    ? await db.select({ id: environments.id }).from(environments).where(eq(environments.id, environmentId))
    : [];
  if (!env) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db
    .select({ r: testRestores, at: sql<string>`${testRestores.createdAt}::text` })
    .from(testRestores)
    .where(
      and(
        eq(testRestores.environmentId, environmentId),
        after
          ? sql`(${testRestores.createdAt}, ${testRestores.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(testRestores.createdAt), desc(testRestores.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([last.at, last.r.id])).toString("base64url") : null;
  return { items: page.map((x) => testRestoreView(x.r)), nextCursor };
}

/** The newest test restore of each of these backups (the Backups tab shows it beside the backup). */
export async function latestTestRestoreByBackup(backupIds: string[]): Promise<Map<string, TestRestoreView>> {
  const out = new Map<string, TestRestoreView>();
  if (!backupIds.length) return out;
  const rows = await getDb()
    .select()
    .from(testRestores)
    .where(inArray(testRestores.backupId, backupIds))
    .orderBy(desc(testRestores.createdAt));
  for (const r of rows) if (!out.has(r.backupId)) out.set(r.backupId, testRestoreView(r));
  return out;
}
