/* Every read and write of `pitr_streams` and `pitr_gaps`: the per-source lease (one WAL stream
 * cluster-wide), the state the API shows, base-backup bookkeeping, gaps. */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { pitrGaps, pitrStreams } from "@/lib/db/schema";

export type PitrStreamRow = typeof pitrStreams.$inferSelect;

/** Takes or renews the lease of `sourceId` for `seconds`; true when `holder` holds it afterwards. */
export async function claimStream(sourceId: string, holder: string, now: Date, seconds: number): Promise<boolean> {
  const until = new Date(now.getTime() + seconds * 1000);
  const { rows } = await getDb().execute(sql`
    insert into pitr_streams (source_id, state, lease_holder, lease_until, base_backup_due, updated_at)
    values (${sourceId}, 'starting', ${holder}, ${until.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, now())
    on conflict (source_id) do update set lease_holder = excluded.lease_holder, lease_until = excluded.lease_until
    where pitr_streams.lease_until is null or pitr_streams.lease_until < ${now.toISOString()}::timestamptz
       or pitr_streams.lease_holder = ${holder}
    returning source_id`);
  return rows.length > 0;
}

export async function releaseStream(sourceId: string, holder: string): Promise<void> {
  await getDb()
    .update(pitrStreams)
    .set({ leaseHolder: null, leaseUntil: null })
    .where(and(eq(pitrStreams.sourceId, sourceId), eq(pitrStreams.leaseHolder, holder)));
}

/** Writes state fields, only while `holder` still holds the lease (a worker that lost it stays quiet). */
export async function updateStream(
  sourceId: string,
  holder: string,
  patch: Partial<Omit<PitrStreamRow, "sourceId" | "leaseHolder" | "leaseUntil">>,
): Promise<void> {
  await getDb()
    .update(pitrStreams)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(pitrStreams.sourceId, sourceId), eq(pitrStreams.leaseHolder, holder)));
}

export async function getStream(sourceId: string): Promise<PitrStreamRow | undefined> {
  return (await getDb().select().from(pitrStreams).where(eq(pitrStreams.sourceId, sourceId)))[0];
}

export async function deleteStream(sourceId: string): Promise<void> {
  await getDb().delete(pitrStreams).where(eq(pitrStreams.sourceId, sourceId));
}

/** Asks for a fresh base backup at the next pass (PITR turned on, a gap). */
export async function requestBaseBackup(sourceId: string, now = new Date()): Promise<void> {
  await getDb().update(pitrStreams).set({ baseBackupDue: now }).where(eq(pitrStreams.sourceId, sourceId));
}

export async function recordGap(gap: typeof pitrGaps.$inferInsert): Promise<void> {
  await getDb().insert(pitrGaps).values(gap);
}

export async function listGaps(sourceId: string) {
  return getDb().select().from(pitrGaps).where(eq(pitrGaps.sourceId, sourceId)).orderBy(pitrGaps.detectedAt);
}

/** State "down", keeping the FIRST time it went down (a restart loop must not reset the alert clock). */
export async function markDown(sourceId: string, holder: string, message: string): Promise<void> {
  await getDb()
    .update(pitrStreams)
    .set({ state: "down", message, downSince: sql`coalesce(${pitrStreams.downSince}, now())`, updatedAt: new Date() })
    .where(and(eq(pitrStreams.sourceId, sourceId), eq(pitrStreams.leaseHolder, holder)));
}
