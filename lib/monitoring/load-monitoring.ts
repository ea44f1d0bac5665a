/* lib/monitoring: read model of the Monitoring tab: the environment's backups of the last 90 days (at most 1,000, newest
 * kept) with size, bytes added, duration and status, and the data stored per destination (sum of what
 * each snapshot added there — restic's deduplicated growth — over backups still kept). Server-only;
 * reads, never writes; two queries whatever the number of backups. */
import "server-only";
import { and, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations } from "@/lib/db/schema";

export type MonitoringPoint = {
  at: string;
  status: string;
  trigger: string;
  totalBytes: number | null;
  addedBytes: number | null;
  durationMs: number | null;
};
export type DestinationUsage = { id: string; name: string; storedBytes: number; snapshots: number };

export async function loadMonitoring(
  environmentId: string,
  now = new Date(),
): Promise<{ points: MonitoringPoint[]; usage: DestinationUsage[] }> {
  const db = getDb();
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const rows = await db
    .select({
      createdAt: backups.createdAt,
      startedAt: backups.startedAt,
      finishedAt: backups.finishedAt,
      status: backups.status,
      trigger: backups.trigger,
      totalBytes: backups.totalBytes,
      addedBytes: backups.addedBytes,
    })
    .from(backups)
    .where(and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt), gte(backups.createdAt, since)))
    .orderBy(desc(backups.createdAt))
    .limit(1000);
  const usage = await db
    .select({
      id: backupSnapshots.destinationId,
      name: destinations.name,
      storedBytes: sql<string>`coalesce(sum(${backupSnapshots.addedBytes}), 0)`,
      snapshots: sql<string>`count(${backupSnapshots.snapshotId})`,
    })
    .from(backupSnapshots)
    .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
    .leftJoin(destinations, eq(destinations.id, backupSnapshots.destinationId))
    .where(and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt)))
    .groupBy(backupSnapshots.destinationId, destinations.name);
  return {
    points: rows.reverse().map((r) => ({
      at: r.createdAt.toISOString(),
      status: r.status,
      trigger: r.trigger,
      totalBytes: r.totalBytes,
      addedBytes: r.addedBytes,
      durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    })),
    usage: usage.map((u) => ({
      id: u.id,
      name: u.name ?? "(removed destination)",
      storedBytes: Number(u.storedBytes),
      snapshots: Number(u.snapshots),
    })),
  };
}
