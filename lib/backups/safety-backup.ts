/* The safety backup a restore takes of its target first: its own backups row (trigger `safety`, the
 * restore's job id), run by the same backup run as any backup, with its progress shown as the first half
 * of the restore's. A retried restore reuses a safety backup that already succeeded. */
import "server-only";
import { randomUUID } from "node:crypto";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import type { SafetyScope } from "@/lib/restores/safety-scope";
import { insertQueuedBackup, readBackupRow } from "./backup-rows";
import { runBackup, type BackupRun, type BackupRunOutcome } from "./run-backup";

/** A new queued safety backup of `environmentId` for the restore job `jobId`; returns its id. */
export async function createSafetyBackup(environmentId: string, jobId: string): Promise<string> {
  const id = randomUUID();
  const settings = await getEffectiveSettings(environmentId);
  await insertQueuedBackup({
    id,
    environmentId,
    trigger: "safety",
    live: settings.live,
    catchUp: false,
    jobId,
    createdBy: null,
  });
  return id;
}

export async function safetyBackupSucceeded(id: string): Promise<boolean> {
  return (await readBackupRow(id))?.status === "succeeded";
}

/** Runs the safety backup inside the restore's run; its progress fills the first half of the restore's. */
export function runSafetyBackup(run: BackupRun, id: string, scope: SafetyScope): Promise<BackupRunOutcome> {
  return runBackup(
    {
      attempt: run.attempt,
      signal: run.signal,
      log: run.log,
      flush: run.flush,
      progress: (p) => run.progress({ ...p, percent: p.percent / 2, phase: `Safety backup: ${p.phase ?? ""}` }),
    },
    id,
    scope,
  );
}
