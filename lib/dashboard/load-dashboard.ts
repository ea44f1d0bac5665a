/* lib/dashboard: read model of the dashboard — for every environment its last backup, last good backup,
 * next scheduled run, the sizes of its recent good backups (for the sparkline) and its proof (latest
 * verification, integrity checks of its destinations, last proven restore), its 3-2-1 status (places,
 * kinds of storage, off-site: lib/copies/three-two-one), plus the health verdict
 * (./health). A fixed number of queries for all environments (window function, grouped max, one
 * listEffectiveSettings call for schedules, two proof reads), never one per environment, so the page stays fast with
 * many environments and 10,000s of backups. Server-only; reads, never writes; the inheritance rule of
 * settings stays in lib/backup-settings. */
import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, destinations } from "@/lib/db/schema";
import { threeTwoOne, type ThreeTwoOne } from "@/lib/copies/three-two-one";
import { listEffectiveSettings, mergedNextRuns } from "@/lib/backup-settings";
import { listEnvironments } from "@/lib/environments";
import { listProjects } from "@/lib/projects";
import { goodBackupSql, latestChecksByDestination, testRestoreFacts } from "@/lib/proof/latest-proof";
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

export async function loadDashboard(now = new Date()): Promise<DashboardRow[]> {
  const [projects, envs] = await Promise.all([listProjects(), listEnvironments()]);
  if (!envs.length) return [];
  const db = getDb();
  const ids = envs.map((e) => e.id);
  const ranked = db
    .select({
      environmentId: backups.environmentId,
      createdAt: backups.createdAt,
      finishedAt: backups.finishedAt,
      status: backups.status,
      totalBytes: backups.totalBytes,
      verification: sql<string | null>`${backups.verification}->>'status'`.as("verification_status"),
      damaged: backups.damaged,
      rn: sql<number>`row_number() over (partition by ${backups.environmentId} order by ${backups.createdAt} desc)`.as(
        "rn",
      ),
    })
    .from(backups)
    .where(and(inArray(backups.environmentId, ids), isNull(backups.deletedAt), sql`${backups.trigger} <> 'safety'`))
    .as("ranked");
  const [recent, good, restoresBy, checksBy, destTypes] = await Promise.all([
    db.select().from(ranked).where(sql`${ranked.rn} <= ${SPARK_POINTS}`),
    db
      .select({
        environmentId: backups.environmentId,
        at: sql<string>`max(coalesce(${backups.finishedAt}, ${backups.createdAt}))`,
      })
      .from(backups)
      .where(
        and(
          inArray(backups.environmentId, ids),
          isNull(backups.deletedAt),
          eq(backups.status, "succeeded"),
          sql.raw(goodBackupSql('"backups"')),
        ),
      )
      .groupBy(backups.environmentId),
    testRestoreFacts(ids),
    latestChecksByDestination(),
    db.select({ id: destinations.id, type: destinations.type }).from(destinations),
  ]);
  const typeBy = new Map(destTypes.map((d) => [d.id, d.type as string]));
  const goodBy = new Map(good.map((g) => [g.environmentId, g.at ? new Date(g.at).toISOString() : null]));
  const recentBy = new Map<string, typeof recent>();
  for (const r of recent) recentBy.set(r.environmentId, [...(recentBy.get(r.environmentId) ?? []), r]);
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
      const rows = (recentBy.get(e.id) ?? []).sort((a, b) => Number(a.rn) - Number(b.rn));
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
