/* Turns one environment's facts into its report row: counts and success rate, schedule adherence, the
 * RPO achieved (the longest stretch of the period without a newer good backup, counted from the period
 * start or the environment's creation, whichever is later), storage and growth, cost and compliance.
 * Pure: the clock and the facts come in. */
import type { BackupFacts } from "./backup-facts";
import type { ProofFacts } from "./proof-facts";
import type { ScopedEnvironment } from "./report-scope";
import type { ReportEnvironment } from "./schema";

const DAY_MS = 86_400_000;
const GIB = 1024 ** 3;

export type FigureInputs = {
  env: ScopedEnvironment;
  backups: BackupFacts | undefined;
  proof: ProofFacts | undefined;
  scheduledSlots: number;
  hasSchedule: boolean;
  rpoTargetSeconds: number;
  /** Price per GiB-month by destination id (only the destinations with a price). */
  prices: Record<string, number>;
  period: { from: Date; to: Date; end: Date };
};

/** The longest time (seconds) within [start, end] during which the newest good backup was older than the gap. */
export function worstGapSeconds(b: BackupFacts | undefined, start: Date, end: Date): number {
  if (end.getTime() <= start.getTime()) return 0;
  // The age of the newest good backup peaks just before each new one and at the end; before the first
  // one of the period it is counted from the last one before it, or from the start when there was none.
  const anchor = b?.lastGoodBefore ?? start;
  const g = b?.goodInPeriod;
  if (!g) return (end.getTime() - anchor.getTime()) / 1000;
  const lead = (g.firstAt.getTime() - anchor.getTime()) / 1000;
  const tail = (end.getTime() - g.lastAt.getTime()) / 1000;
  return Math.max(g.maxGapSeconds, lead, tail, 0);
}

export function environmentFigures(i: FigureInputs): ReportEnvironment {
  const by = i.backups?.byStatus ?? {};
  const succeeded = by.succeeded ?? 0;
  const failed = by.failed ?? 0;
  const partial = by.partial ?? 0;
  const made = succeeded + failed + partial + (by.cancelled ?? 0);
  const slotsOnTime = Math.min(i.backups?.slotsOnTime ?? 0, i.scheduledSlots);
  const start = new Date(Math.max(i.period.from.getTime(), i.env.createdAt.getTime()));
  const rpoAchievedSeconds = Math.round(worstGapSeconds(i.backups, start, i.period.end));
  const storage = i.proof?.storage ?? [];
  const storageBytes = storage.reduce((n, s) => n + s.bytesAtEnd, 0);
  const priced = storage.filter((s) => i.prices[s.destinationId] !== undefined);
  const costEstimate = priced.length
    ? Math.round(priced.reduce((n, s) => n + (s.bytesAtEnd / GIB) * i.prices[s.destinationId]!, 0) * 100) / 100
    : null;
  const proven = i.proof?.lastProvenRestoreAt;
  return {
    environmentId: i.env.id,
    name: i.env.name,
    projectId: i.env.projectId,
    projectName: i.env.projectName,
    type: i.env.type,
    active: i.env.active,
    backupsMade: made,
    backupsSucceeded: succeeded,
    backupsFailed: failed,
    backupsPartial: partial,
    successRate: made ? succeeded / made : null,
    scheduledSlots: i.scheduledSlots,
    slotsOnTime,
    adherencePercent: i.scheduledSlots ? Math.round((slotsOnTime / i.scheduledSlots) * 1000) / 10 : null,
    rpoTargetSeconds: i.rpoTargetSeconds,
    rpoAchievedSeconds,
    storageBytes,
    growthBytes: storageBytes - storage.reduce((n, s) => n + s.bytesAtStart, 0),
    costEstimate,
    restores: i.proof?.restoresInPeriod ?? 0,
    lastRestoreAt: i.proof?.lastRestoreAt?.toISOString() ?? null,
    oldestKeptBackupAt: i.backups?.oldestKeptAt?.toISOString() ?? null,
    hasSchedule: i.hasSchedule,
    compliance: {
      rpoMet: rpoAchievedSeconds <= i.rpoTargetSeconds,
      testRestoreWithin30d: Boolean(proven && proven.getTime() >= i.period.end.getTime() - 30 * DAY_MS),
      checksGreen: (i.proof?.openCheckAlerts ?? 0) === 0 && !i.proof?.lastVerifyFailed,
      offsiteCopy: i.proof?.offsiteInPeriod ?? false,
    },
  };
}
