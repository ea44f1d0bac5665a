/* What a report advises, in plain words with the environment's name and what to do, worst first:
 * missed RPO, failing backups, schedules not kept, no schedule, no off-site copy, no restore test, and
 * non-production environments keeping long histories nobody restores. When more than GROUP_AFTER
 * environments share one piece of advice it becomes one line naming the first few, so a fleet of 200
 * reads as a handful of lines, not hundreds. Pure. */
import { formatSpan } from "./report-columns";
import type { ReportEnvironment } from "./schema";

const DAY_MS = 86_400_000;
const GROUP_AFTER = 3;
const NAMED = 5;

type Kind = { rank: number; group: string; lines: { name: string; text: string }[] };

const label = (e: ReportEnvironment) => `${e.projectName} / ${e.name}`;

function grouped(k: Kind): string[] {
  if (k.lines.length <= GROUP_AFTER) return k.lines.map((l) => l.text);
  const names = k.lines.slice(0, NAMED).map((l) => l.name);
  const more = k.lines.length - names.length;
  return [`${k.lines.length} environments ${k.group}: ${names.join(", ")}${more ? ` and ${more} more` : ""}.`];
}

export function recommendationsFor(envs: ReportEnvironment[], now: Date): string[] {
  const kinds = new Map<string, Kind>();
  const add = (id: string, rank: number, group: string, name: string, text: string) => {
    const k = kinds.get(id) ?? { rank, group, lines: [] };
    k.lines.push({ name, text });
    kinds.set(id, k);
  };
  for (const e of envs) {
    const name = label(e);
    if (!e.compliance.rpoMet) {
      const target = formatSpan(e.rpoTargetSeconds);
      const gap = `${formatSpan(e.rpoAchievedSeconds)} without a good backup (target ${target})`;
      add(
        "rpo",
        0,
        "went longer than their RPO without a good backup",
        name,
        `${name} went ${gap}: look at its failed runs and schedule.`,
      );
    }
    if (e.successRate !== null && e.successRate < 0.9) {
      const failed = e.backupsMade - e.backupsSucceeded;
      add(
        "failing",
        1,
        "had more than 1 in 10 backups fail",
        name,
        `${name}: ${failed} of ${e.backupsMade} backups did not succeed. Open their logs.`,
      );
    }
    if (e.adherencePercent !== null && e.adherencePercent < 90) {
      add(
        "late",
        2,
        "ran fewer than 90 % of their scheduled backups on time (check the scheduler and workers)",
        name,
        `${name} ran ${e.slotsOnTime} of ${e.scheduledSlots} scheduled backups on time (${e.adherencePercent} %): ` +
          "check that the scheduler and a worker are running.",
      );
    }
    if (e.active && !e.hasSchedule) {
      add(
        "unscheduled",
        2,
        "have no schedule (backups only run by hand)",
        name,
        `${name} has no schedule: backups only run by hand.`,
      );
    }
    if (!e.compliance.offsiteCopy && e.type !== "development") {
      add(
        "offsite",
        3,
        "have no off-site copy (add an S3, SFTP or REST destination)",
        name,
        `${name} has no off-site copy: add an S3, SFTP or REST destination to its backup settings.`,
      );
    }
    if (!e.compliance.testRestoreWithin30d && e.type === "production") {
      add(
        "untested",
        4,
        "have not been restored in 30 days (restore one into staging to prove it works)",
        name,
        `${name} has not been restored in 30 days: restore a backup into staging to prove it works.`,
      );
    }
    const keptDays = e.oldestKeptBackupAt ? (now.getTime() - Date.parse(e.oldestKeptBackupAt)) / DAY_MS : 0;
    const lastRestore = e.lastRestoreAt ? Date.parse(e.lastRestoreAt) : 0;
    if (e.type !== "production" && keptDays >= 30 && now.getTime() - lastRestore > keptDays * DAY_MS) {
      add(
        "hoarding",
        5,
        "keep more than 30 days of backups nobody restored (a shorter retention would free space)",
        name,
        `${name} keeps ${Math.floor(keptDays)} days of backups nobody restored: a shorter retention would free space.`,
      );
    }
  }
  return [...kinds.values()].sort((a, b) => a.rank - b.rank).flatMap(grouped);
}
