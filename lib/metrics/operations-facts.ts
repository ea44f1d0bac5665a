/* Read model of /metrics beyond environments: per destination the data stored (what kept snapshots
 * added, restic's deduplicated growth), snapshot count, last snapshot written, last verification from
 * the audit log and whether an open alert says it is unreachable; jobs by kind and status with the
 * summed duration of finished ones and the age of the oldest queued job; open alerts by kind. A fixed
 * number of grouped queries. */
import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { alerts, auditLog, backupSnapshots, backups, destinations, jobs } from "@/lib/db/schema";

export type DestinationFacts = {
  id: string;
  name: string;
  type: string;
  isDefault: boolean;
  storedBytes: number;
  snapshots: number;
  lastSnapshotAt: Date | null;
  lastVerify: { ok: boolean; at: Date } | null;
  openUnreachableAlert: boolean;
};

export type JobFacts = {
  kind: string;
  status: string;
  count: number;
  durationSecondsSum: number;
  oldestCreatedAt: Date | null;
};

export type OperationsFacts = {
  destinations: DestinationFacts[];
  jobs: JobFacts[];
  openAlerts: { kind: string; count: number }[];
};

export async function loadOperationsFacts(): Promise<OperationsFacts> {
  const db = getDb();
  const [dests, usage, verifies, jobRows, alertRows, unreachable] = await Promise.all([
    db
      .select({
        id: destinations.id,
        name: destinations.name,
        type: destinations.type,
        isDefault: destinations.isDefault,
      })
      .from(destinations)
      .orderBy(destinations.name),
    db
      .select({
        id: backupSnapshots.destinationId,
        stored: sql<string>`coalesce(sum(${backupSnapshots.addedBytes})
          filter (where ${backups.deletedAt} is null and ${backupSnapshots.forgottenAt} is null), 0)`,
        snapshots: sql<string>`count(${backupSnapshots.snapshotId})
          filter (where ${backups.deletedAt} is null and ${backupSnapshots.forgottenAt} is null)`,
        lastAt: sql<
          string | null
        >`max(${backupSnapshots.finishedAt}) filter (where ${backupSnapshots.status} = 'succeeded')`,
      })
      .from(backupSnapshots)
      .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
      .groupBy(backupSnapshots.destinationId),
    db
      .selectDistinctOn([auditLog.targetId], {
        id: auditLog.targetId,
        outcome: auditLog.outcome,
        at: auditLog.createdAt,
      })
      .from(auditLog)
      .where(and(eq(auditLog.action, "destination.verify"), eq(auditLog.targetType, "destination")))
      .orderBy(auditLog.targetId, desc(auditLog.createdAt)),
    db
      .select({
        kind: jobs.kind,
        status: jobs.status,
        n: sql<string>`count(*)`,
        seconds: sql<string>`coalesce(sum(extract(epoch from (${jobs.finishedAt} - ${jobs.startedAt}))), 0)`,
        oldest: sql<string | null>`min(${jobs.createdAt})`,
      })
      .from(jobs)
      .groupBy(jobs.kind, jobs.status),
    db
      .select({ kind: alerts.kind, n: sql<string>`count(*)` })
      .from(alerts)
      .where(isNull(alerts.resolvedAt))
      .groupBy(alerts.kind),
    db
      .selectDistinct({ id: alerts.destinationId })
      .from(alerts)
      .where(
        and(
          isNull(alerts.resolvedAt),
          inArray(alerts.kind, ["destination_unreachable"]),
          isNotNull(alerts.destinationId),
        ),
      ),
  ]);
  const usageBy = new Map(usage.map((u) => [u.id, u]));
  const verifyBy = new Map(verifies.map((v) => [v.id, v]));
  const down = new Set(unreachable.map((u) => u.id));
  return {
    destinations: dests.map((d) => {
      const u = usageBy.get(d.id);
      const v = verifyBy.get(d.id);
      return {
        ...d,
        storedBytes: Number(u?.stored ?? 0),
        snapshots: Number(u?.snapshots ?? 0),
        lastSnapshotAt: u?.lastAt ? new Date(u.lastAt) : null,
        lastVerify: v ? { ok: v.outcome === "success", at: new Date(v.at) } : null,
        openUnreachableAlert: down.has(d.id),
      };
    }),
    jobs: jobRows.map((j) => ({
      kind: j.kind,
      status: j.status,
      count: Number(j.n),
      durationSecondsSum: Number(j.seconds),
      oldestCreatedAt: j.oldest ? new Date(j.oldest) : null,
    })),
    openAlerts: alertRows.map((a) => ({ kind: a.kind, count: Number(a.n) })),
  };
}
