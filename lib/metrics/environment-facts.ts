/* Read model of /metrics, per environment: its labels (project and environment slugs), type, state and
 * target RPO, its last finished backup (result, duration, size), its last good backup, backups by final
 * status, and the last success of every job kind that ran for it (verify, retention, …). A fixed number
 * of queries for all environments (DISTINCT ON and GROUP BY), never one per environment. */
import "server-only";
import { and, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { type BackupStatus, backups, environments, jobs, projects } from "@/lib/db/schema";
import { rpoTargetSeconds } from "@/lib/environments/rpo-target";

export const FINAL_STATUSES: readonly BackupStatus[] = ["succeeded", "partial", "failed", "cancelled"];

export type BackupFacts = {
  status: string;
  finishedAt: Date;
  durationSeconds: number | null;
  totalBytes: number | null;
  addedBytes: number | null;
};

export type EnvironmentFacts = {
  id: string;
  project: string;
  environment: string;
  type: "production" | "staging" | "development";
  active: boolean;
  createdAt: Date;
  rpoSeconds: number;
  lastBackup: BackupFacts | null;
  lastGood: BackupFacts | null;
  backupsByStatus: Record<string, number>;
  jobLastSuccess: Record<string, Date>;
};

const lastFinished = (statuses: readonly BackupStatus[]) =>
  getDb()
    .selectDistinctOn([backups.environmentId], {
      environmentId: backups.environmentId,
      status: backups.status,
      startedAt: backups.startedAt,
      finishedAt: backups.finishedAt,
      totalBytes: backups.totalBytes,
      addedBytes: backups.addedBytes,
    })
    .from(backups)
    .where(and(inArray(backups.status, [...statuses]), isNotNull(backups.finishedAt), ne(backups.trigger, "safety")))
    .orderBy(backups.environmentId, desc(backups.finishedAt));

type FinishedRow = Awaited<ReturnType<typeof lastFinished>>[number];

function toFacts(r: FinishedRow | undefined): BackupFacts | null {
  if (!r?.finishedAt) return null;
  const finishedAt = new Date(r.finishedAt);
  return {
    status: r.status,
    finishedAt,
    durationSeconds: r.startedAt ? (finishedAt.getTime() - new Date(r.startedAt).getTime()) / 1000 : null,
    totalBytes: r.totalBytes === null ? null : Number(r.totalBytes),
    addedBytes: r.addedBytes === null ? null : Number(r.addedBytes),
  };
}

export async function loadEnvironmentFacts(): Promise<EnvironmentFacts[]> {
  const db = getDb();
  const [envs, last, good, counts, jobWins] = await Promise.all([
    db
      .select({
        id: environments.id,
        project: projects.slug,
        environment: environments.slug,
        type: environments.type,
        active: environments.active,
        createdAt: environments.createdAt,
        rpoSeconds: environments.rpoSeconds,
        critical: environments.critical,
      })
      .from(environments)
      .innerJoin(projects, eq(projects.id, environments.projectId))
      .orderBy(projects.slug, environments.slug),
    lastFinished(FINAL_STATUSES),
    lastFinished(["succeeded"]),
    db
      .select({ environmentId: backups.environmentId, status: backups.status, n: sql<string>`count(*)` })
      .from(backups)
      .where(inArray(backups.status, [...FINAL_STATUSES]))
      .groupBy(backups.environmentId, backups.status),
    db
      .select({ environmentId: jobs.environmentId, kind: jobs.kind, at: sql<string>`max(${jobs.finishedAt})` })
      .from(jobs)
      .where(and(eq(jobs.status, "succeeded"), isNotNull(jobs.environmentId), isNotNull(jobs.finishedAt)))
      .groupBy(jobs.environmentId, jobs.kind),
  ]);
  const lastBy = new Map(last.map((r) => [r.environmentId, r]));
  const goodBy = new Map(good.map((r) => [r.environmentId, r]));
  const countsBy = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const m = countsBy.get(c.environmentId) ?? {};
    m[c.status] = Number(c.n);
    countsBy.set(c.environmentId, m);
  }
  const jobsBy = new Map<string, Record<string, Date>>();
  for (const j of jobWins) {
    if (!j.environmentId || !j.at) continue;
    const m = jobsBy.get(j.environmentId) ?? {};
    m[j.kind] = new Date(j.at);
    jobsBy.set(j.environmentId, m);
  }
  return envs.map(({ critical, ...e }) => ({
    ...e,
    createdAt: new Date(e.createdAt),
    rpoSeconds: rpoTargetSeconds({ ...e, critical }),
    lastBackup: toFacts(lastBy.get(e.id)),
    lastGood: toFacts(goodBy.get(e.id)),
    backupsByStatus: countsBy.get(e.id) ?? {},
    jobLastSuccess: jobsBy.get(e.id) ?? {},
  }));
}
