/* GET backup settings (the gear icon and the API): the effective settings, which fields are inherited,
 * the next five runs over all schedules, and the whole policy in words. Read-only. */
import "server-only";
import type { TSchedule } from "@/lib/schedules/schema";
import { describePolicy, resolvePolicy } from "@/lib/retention";
import { concreteCron, describeSchedule, nextRuns } from "@/lib/schedules";
import { getEffectiveSettings, type EffectiveSettings } from "./effective-settings";
import { type IntervalItem, toIntervalPolicy } from "./interval-policy";
import type { SettingsField, TBackupSettingsValues } from "./schema";

export type BackupSettingsView = TBackupSettingsValues & {
  environmentId: string;
  /** The type the inherited fields come from. */
  environmentType: EffectiveSettings["environmentType"];
  /** Schedules + retention as a Platform.sh list, when they are representable as one (else null). */
  policy: IntervalItem[] | null;
  hooks: EffectiveSettings["hooks"];
  testRestore: EffectiveSettings["testRestore"];
  copies: EffectiveSettings["copies"];
  compression: EffectiveSettings["compression"];
  inherited: SettingsField[];
  /** The next 5 run times over all schedules, ISO 8601, soonest first. */
  nextRuns: string[];
  /** Each schedule in words (random forms name the time picked for this environment). */
  scheduleDescriptions: string[];
  /** Each schedule as the concrete cron that runs (random forms expanded). */
  concreteSchedules: string[];
  retentionDescription: string;
  /** The whole policy in one sentence. */
  describe: string;
};

export function mergedNextRuns(schedules: TSchedule[], seed: string, from: Date, count = 5): string[] {
  const all = schedules.flatMap((s) => {
    try {
      return nextRuns(s, seed, from, count).map((d) => d.getTime());
    } catch {
      return []; // a schedule stored before today's validation rules: shown, never run, never a 500
    }
  });
  return [...new Set(all)]
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((t) => new Date(t).toISOString());
}

export function settingsView(s: EffectiveSettings, now: Date = new Date()): BackupSettingsView {
  const scheduleDescriptions = s.schedules.map((x) => describeSchedule(x, s.environmentId));
  const retentionDescription = describePolicy(resolvePolicy(s.retention));
  const when = s.schedules.length ? scheduleDescriptions.join("; ") : "No automatic backups";
  return {
    environmentId: s.environmentId,
    environmentType: s.environmentType,
    schedules: s.schedules,
    retention: s.retention,
    policy: toIntervalPolicy(s.schedules, s.retention, s.timezone),
    maxManualBackups: s.maxManualBackups,
    maxBackups: s.maxBackups,
    destinationIds: s.destinationIds,
    live: s.live,
    hooks: s.hooks,
    testRestore: s.testRestore,
    copies: s.copies,
    compression: s.compression,
    inherited: s.inherited,
    nextRuns: s.active ? mergedNextRuns(s.schedules, s.environmentId, now) : [],
    scheduleDescriptions,
    concreteSchedules: s.schedules.map((x) => concreteCron(x.cron, s.environmentId)),
    retentionDescription,
    describe: `${when}${s.active ? "" : " (paused)"}. Keeps ${retentionDescription}${s.maxManualBackups ? `, and up to ${s.maxManualBackups} manual backups` : "; manual backups are off"}${s.maxBackups ? `; at most ${s.maxBackups} backups in total` : ""}.`,
  };
}

export async function getBackupSettings(environmentId: string, now: Date = new Date()): Promise<BackupSettingsView> {
  return settingsView(await getEffectiveSettings(environmentId), now);
}
