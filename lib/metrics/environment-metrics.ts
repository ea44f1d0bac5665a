/* The per-environment Prometheus series, set from the environment facts of one scrape. Labels are the
 * project and environment slugs (stable and unique together). Timestamps are Unix seconds; a series is
 * left out rather than set to 0 when the thing never happened (no good backup yet). */
import { Counter, Gauge, type Registry } from "prom-client";
import { type EnvironmentFacts, FINAL_STATUSES } from "./environment-facts";

const ENV_LABELS = ["project", "environment"] as const;
const seconds = (d: Date) => d.getTime() / 1000;

export function registerEnvironmentMetrics(registry: Registry, facts: EnvironmentFacts[], now: Date): void {
  const registers = [registry];
  const gauge = (name: string, help: string, extra: string[] = []) =>
    new Gauge({ name, help, labelNames: [...ENV_LABELS, ...extra], registers });
  const info = gauge("lifeboat_environment_info", "Environments (value 1) with their type and whether schedules run.", [
    "type",
    "active",
  ]);
  const created = gauge("lifeboat_environment_created_timestamp_seconds", "When the environment was created.");
  const rpo = gauge(
    "lifeboat_environment_rpo_seconds",
    "Recovery point objective: the longest acceptable age of the newest good backup.",
  );
  const lastAt = gauge("lifeboat_last_backup_timestamp_seconds", "When the last finished backup finished.");
  const lastOk = gauge(
    "lifeboat_last_backup_success",
    "1 when the last finished backup succeeded, 0 when it failed, was partial or cancelled.",
  );
  const lastDuration = gauge("lifeboat_last_backup_duration_seconds", "How long the last finished backup ran.");
  const goodAt = gauge("lifeboat_last_good_backup_timestamp_seconds", "When the newest good backup finished.");
  const goodAge = gauge("lifeboat_last_good_backup_age_seconds", "Age of the newest good backup at scrape time.");
  const goodBytes = gauge("lifeboat_last_good_backup_size_bytes", "Size of the data in the newest good backup.");
  const goodAdded = gauge(
    "lifeboat_last_good_backup_added_bytes",
    "Bytes the newest good backup added to its repositories after deduplication.",
  );
  const goodDuration = gauge("lifeboat_last_good_backup_duration_seconds", "How long the newest good backup ran.");
  const jobOk = gauge(
    "lifeboat_job_last_success_timestamp_seconds",
    "When a job of this kind (backup, verify, retention, restore, copy, …) last succeeded for the environment.",
    ["kind"],
  );
  const total = new Counter({
    name: "lifeboat_backups_total",
    help: "Backups that finished, by final status (succeeded, partial, failed, cancelled).",
    labelNames: [...ENV_LABELS, "status"],
    registers,
  });

  for (const f of facts) {
    const l = { project: f.project, environment: f.environment };
    info.set({ ...l, type: f.type, active: String(f.active) }, 1);
    created.set(l, seconds(f.createdAt));
    rpo.set(l, f.rpoSeconds);
    for (const status of FINAL_STATUSES) total.inc({ ...l, status }, f.backupsByStatus[status] ?? 0);
    for (const [kind, at] of Object.entries(f.jobLastSuccess)) jobOk.set({ ...l, kind }, seconds(at));
    if (f.lastBackup) {
      lastAt.set(l, seconds(f.lastBackup.finishedAt));
      lastOk.set(l, f.lastBackup.status === "succeeded" ? 1 : 0);
      if (f.lastBackup.durationSeconds !== null) lastDuration.set(l, f.lastBackup.durationSeconds);
    }
    const g = f.lastGood;
    if (g) {
      goodAt.set(l, seconds(g.finishedAt));
      goodAge.set(l, Math.max(0, (now.getTime() - g.finishedAt.getTime()) / 1000));
      if (g.totalBytes !== null) goodBytes.set(l, g.totalBytes);
      if (g.addedBytes !== null) goodAdded.set(l, g.addedBytes);
      if (g.durationSeconds !== null) goodDuration.set(l, g.durationSeconds);
    }
  }
}
