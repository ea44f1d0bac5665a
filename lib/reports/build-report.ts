/* Builds a report (lib/reports/schema `Report`) for a period and all environments or one project's: the
 * scope, the effective schedules, the backup and proof facts and the destination prices are read in a
 * fixed number of queries; every figure is then computed per environment in memory. Read-only. */
import "server-only";
import { listEffectiveSettings } from "@/lib/backup-settings";
import { getProject } from "@/lib/projects";
import { loadBackupFacts } from "./backup-facts";
import { getDestinationPrices } from "./destination-prices";
import { environmentFigures } from "./environment-figures";
import { loadProofFacts } from "./proof-facts";
import { recommendationsFor } from "./recommendations";
import { type ReportScope, scopedEnvironments } from "./report-scope";
import { rpoTargetSeconds } from "@/lib/environments/rpo-target";
import { countSlots, type SlotMemo } from "./schedule-slots";
import type { Report, ReportQuery } from "./schema";

const ON_TIME_MS = 15 * 60_000;

export async function buildReport(
  q: Pick<ReportQuery, "from" | "to" | "projectId">,
  now = new Date(),
): Promise<Report> {
  if (q.projectId) await getProject(q.projectId); // not_found with the project's message
  const end = new Date(Math.min(q.to.getTime(), now.getTime()));
  const scope: ReportScope = {
    from: q.from,
    to: q.to,
    end,
    slotEnd: new Date(Math.min(q.to.getTime(), now.getTime() - ON_TIME_MS)),
    projectId: q.projectId,
  };
  const envs = await scopedEnvironments(scope);
  const ids = envs.map((e) => e.id);
  const [settings, backups, proof, prices] = await Promise.all([
    listEffectiveSettings({ ids }),
    loadBackupFacts(scope),
    loadProofFacts(scope),
    getDestinationPrices(),
  ]);
  const settingsBy = new Map(settings.map((s) => [s.environmentId, s]));
  const memo: SlotMemo = new Map();
  const environments = envs.map((env) => {
    const s = settingsBy.get(env.id);
    const slotStart = new Date(Math.max(q.from.getTime(), env.createdAt.getTime(), s?.since.getTime() ?? 0));
    const scheduledSlots = env.active && s ? countSlots(s.schedules, env.id, slotStart, scope.slotEnd, memo) : 0;
    return environmentFigures({
      env,
      backups: backups.get(env.id),
      proof: proof.get(env.id),
      scheduledSlots,
      hasSchedule: Boolean(s?.schedules.length),
      rpoTargetSeconds: rpoTargetSeconds(env),
      prices,
      period: { from: q.from, to: q.to, end },
    });
  });
  return {
    period: { from: q.from.toISOString(), to: q.to.toISOString() },
    projectId: q.projectId ?? null,
    generatedAt: now.toISOString(),
    environments,
    recommendations: recommendationsFor(environments, end),
  };
}
