/* What a report advises, in plain words with the environment's name and what to do, worst first:
 * missed RPO, failing backups, schedules not kept, no schedule, no off-site copy, no restore test, and
 * non-production environments keeping long histories nobody restores. Pure. */
import type { ReportEnvironment } from "./schema";

const DAY_MS = 86_400_000;

function hours(seconds: number): string {
  return seconds >= 3 * 86_400 ? `${Math.round(seconds / 86_400)} days` : `${Math.round(seconds / 3600)} h`;
}

const label = (e: ReportEnvironment) => `${e.projectName} / ${e.name}`;

export function recommendationsFor(envs: ReportEnvironment[], now: Date): string[] {
  const out: { rank: number; text: string }[] = [];
  const add = (rank: number, text: string) => out.push({ rank, text });
  for (const e of envs) {
    const name = label(e);
    if (!e.compliance.rpoMet) {
      add(
        0,
        `${name} went ${hours(e.rpoAchievedSeconds)} without a good backup (target ${hours(e.rpoTargetSeconds)}): ` +
          "look at its failed runs and schedule.",
      );
    }
    if (e.successRate !== null && e.successRate < 0.9) {
      add(
        1,
        `${name}: ${e.backupsMade - e.backupsSucceeded} of ${e.backupsMade} backups did not succeed. Open their logs.`,
      );
    }
    if (e.adherencePercent !== null && e.adherencePercent < 90) {
      add(
        2,
        `${name} ran ${e.slotsOnTime} of ${e.scheduledSlots} scheduled backups on time (${e.adherencePercent} %): ` +
          "check that the scheduler and a worker are running.",
      );
    }
    if (e.active && !e.hasSchedule) add(2, `${name} has no schedule: backups only run by hand.`);
    if (!e.compliance.offsiteCopy && e.type !== "development") {
      add(3, `${name} has no off-site copy: add an S3, SFTP or REST destination to its backup settings.`);
    }
    if (!e.compliance.testRestoreWithin30d && e.type === "production") {
      add(4, `${name} has not been restored in 30 days: restore a backup into staging to prove it works.`);
    }
    const keptDays = e.oldestKeptBackupAt ? (now.getTime() - Date.parse(e.oldestKeptBackupAt)) / DAY_MS : 0;
    const lastRestore = e.lastRestoreAt ? Date.parse(e.lastRestoreAt) : 0;
    if (e.type !== "production" && keptDays >= 30 && now.getTime() - lastRestore > keptDays * DAY_MS) {
      add(
        5,
        `${name} keeps ${Math.floor(keptDays)} days of backups nobody restored: a shorter retention would free space.`,
      );
    }
  }
  return out.sort((a, b) => a.rank - b.rank).map((r) => r.text);
}
