/* lib/dashboard: read model of the dashboard — for every environment its last backup, last good backup,
 * next scheduled run, the sizes of its recent good backups (for the sparkline) and its proof (latest
 * verification, integrity checks of its destinations, last proven restore), its 3-2-1 status (places,
 * kinds of storage, off-site: lib/copies/three-two-one), plus the health verdict
 * (./health). A fixed number of queries for all environments (a lateral newest-20 per environment, two index probes for the last good one, one
 * listEffectiveSettings call for schedules, two proof reads), never one per environment, so the page stays fast with
 * many environments and 10,000s of backups. Server-only; reads, never writes; the inheritance rule of
 * settings stays in lib/backup-settings. The page reads it through loadDashboardShared: identical
 * concurrent reads share one (lib/read-models/coalesce.ts; the dashboard is the same for every role). */
import "server-only";
import { and, desc, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, destinations, environments } from "@/lib/db/schema";
import { threeTwoOne, type ThreeTwoOne } from "@/lib/copies/three-two-one";
import { listEffectiveSettings, mergedNextRuns } from "@/lib/backup-settings";
import { listEnvironments } from "@/lib/environments";
import { listProjects } from "@/lib/projects";
import { goodBackupSql, latestChecksByDestination, testRestoreFacts } from "@/lib/proof/latest-proof";
import { coalesced } from "@/lib/read-models/coalesce";
import { healthOf, type Health, type ProofInput } from "./health";

export type DashboardRow = {
  id: string;
  name: string;
  type: "production" | "staging" | "development";
  active: boolean;
  timezone: string;
  /** The project's name, with its slug in brackets when another project has the same name. */
  projectName: string;
  href: string;
  lastBackup: { at: string; status: string } | null;
  lastGoodAt: string | null;
  lastGoodBytes: number | null;
  nextRun: string | null;
  sizes: { at: string; bytes: number }[];
  /** When a test restore last succeeded ("last proven restore 3 d ago"). */
  lastProvenAt: string | null;
  health: Health;
  reason: string;
  /** Backups in how many places, kinds of storage, one off-site (lib/copies/three-two-one). */
  threeTwoOne: ThreeTwoOne;
};

const SPARK_POINTS = 20;

/** loadDashboard() now, shared with identical concurrent reads; the rows must not be mutated. */
export function loadDashboardShared(): Promise<DashboardRow[]> {
  return coalesced("dashboard", () => loadDashboard());
}

export async function loadDashboard(now = new Date()): Promise<DashboardRow[]> {
  const [projects, envs] = await Promise.all([listProjects(), listEnvironments()]);
  if (!envs.length) return [];
  const db = getDb();
  const ids = envs.map((e) => e.id);
  // Each environment's newest SPARK_POINTS backups: a lateral subquery per environment that walks
  // backups_env_created_idx backwards and stops after SPARK_POINTS rows (a window over all backups would
  // read and sort every backup of the environment: 10,000 rows for 20).
  const newest = db
    .select({
      environmentId: backups.environmentId,
      id: backups.id,
      createdAt: backups.createdAt,
      finishedAt: backups.finishedAt,
      status: backups.status,
      totalBytes: backups.totalBytes,
      verification: sql<string | null>`${backups.verification}->>'status'`.as("verification_status"),
      damaged: backups.damaged,
    })
    .from(backups)
    .where(
      and(
        // Spelled out: drizzle leaves columns of a one-table query unqualified, and a bare "id" would
        // be the backup's own.
        sql`${backups.environmentId} = "environments"."id"`,
        isNull(backups.deletedAt),
        sql`${backups.trigger} <> 'safety'`,
      ),
    )
    .orderBy(desc(backups.createdAt), desc(backups.id))
    .limit(SPARK_POINTS)
    .as("newest");
  // The last good backup's time, max(coalesce(finished_at, created_at)) over the good ones, as two
  // index probes per environment on backups_env_good_idx: the newest finished_at, and (for good rows
  // without one) the newest created_at; greatest() skips the null of an absent side.
  const good = sql.raw(goodBackupSql('"b"'));
  const [recent, goods, restoresBy, checksBy, destTypes] = await Promise.all([
    db.select().from(environments).crossJoinLateral(newest).where(inArray(environments.id, ids)),
    db
      .select({
        environmentId: environments.id,
        at: sql<string | null>`greatest(
          (select b.finished_at from backups b where b.environment_id = "environments"."id" and ${good}
             and b.finished_at is not null order by b.finished_at desc limit 1),
          (select max(b.created_at) from backups b where b.environment_id = "environments"."id" and ${good}
             and b.finished_at is null))`,
      })
      .from(environments)
      .where(inArray(environments.id, ids)),
    testRestoreFacts(ids),
    latestChecksByDestination(),
    db.select({ id: destinations.id, type: destinations.type }).from(destinations),
  ]);
  const typeBy = new Map(destTypes.map((d) => [d.id, d.type as string]));
  const goodBy = new Map(goods.map((g) => [g.environmentId, g.at ? new Date(g.at).toISOString() : null]));
  type Recent = (typeof recent)[number]["newest"];
  const recentBy = new Map<string, Recent[]>();
  for (const { newest: r } of recent) recentBy.set(r.environmentId, [...(recentBy.get(r.environmentId) ?? []), r]);
  // Newest first (the subquery's order does not survive the join).
  const newestFirst = (a: Recent, b: Recent) =>
    new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
  const settingsBy = new Map((await listEffectiveSettings({ ids })).map((s) => [s.environmentId, s]));
  const projectBy = new Map(projects.map((p) => [p.id, p]));
  // Names are not unique (slugs are): two "Acme Shop" projects are told apart by their slug.
  const nameCount = new Map<string, number>();
  for (const p of projects) nameCount.set(p.name, (nameCount.get(p.name) ?? 0) + 1);
  const projectLabel = (p: (typeof projects)[number]) =>
    (nameCount.get(p.name) ?? 0) > 1 ? `${p.name} (${p.slug})` : p.name;

  return envs
    .map((e) => {
      const p = projectBy.get(e.projectId);
      const rows = (recentBy.get(e.id) ?? []).sort(newestFirst);
      const last = rows[0];
      const s = settingsBy.get(e.id);
      const lastGoodAt = goodBy.get(e.id) ?? null;
      const goodRows = rows.filter((r) => r.status === "succeeded");
      const hasSchedule = Boolean(s?.schedules.length);
      const restores = restoresBy.get(e.id);
      const finished = rows.find((r) => r.status !== "queued" && r.status !== "running");
      const failedCheck = (s?.destinationIds ?? []).map((d) => checksBy.get(d)).find((c) => c?.status === "failed");
      const proof: ProofInput = {
        latestVerification: finished?.verification ?? null,
        latestDamaged: Boolean(finished?.damaged),
        failedCheckDestination: failedCheck?.destinationName ?? null,
        latestTestRestoreStatus: restores?.latest?.finishedAt ? restores.latest.status : null,
        lastProvenAt: restores?.lastProvenAt ?? null,
      };
      const h = healthOf(
        { type: e.type, active: e.active, hasSchedule, lastStatus: last?.status ?? null, lastGoodAt, proof },
        now,
      );
      return {
        id: e.id,
        name: e.name,
        type: e.type,
        active: e.active,
        timezone: e.timezone,
        projectName: p ? projectLabel(p) : "",
        href: p ? `/projects/${p.slug}/environments/${e.slug}/backups` : "#",
        // One rule for both columns: a backup's time is when it finished (when it started while it runs),
        // and safety backups taken before a restore count for neither.
        lastBackup: last
          ? { at: new Date(last.finishedAt ?? last.createdAt).toISOString(), status: last.status }
          : null,
        lastGoodAt,
        lastGoodBytes: goodRows[0]?.totalBytes ?? null,
        nextRun: e.active && s ? (mergedNextRuns(s.schedules, s.environmentId, now, 1)[0] ?? null) : null,
        sizes: goodRows
          .filter((r) => r.totalBytes !== null)
          .reverse()
          .map((r) => ({ at: new Date(r.createdAt).toISOString(), bytes: Number(r.totalBytes) })),
        lastProvenAt: proof.lastProvenAt ? new Date(proof.lastProvenAt).toISOString() : null,
        health: h.health,
        reason: h.reason,
        threeTwoOne: threeTwoOne(
          s?.destinationIds ?? [],
          (s?.copies ?? []).map((c) => c.destinationId),
          (id) => typeBy.get(id),
        ),
      } satisfies DashboardRow;
    })
    .sort(
      (a, b) =>
        rank(a.health) - rank(b.health) || a.projectName.localeCompare(b.projectName) || a.name.localeCompare(b.name),
    );
}

function rank(h: Health): number {
  return h === "failing" ? 0 : h === "at_risk" ? 1 : 2;
}
