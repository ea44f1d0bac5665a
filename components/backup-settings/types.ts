/* The Backup Settings form's data, as API.md defines GET/PUT /environments/{id}/backup-settings, plus
 * what the form needs around it (presets, destinations, previews) and the server actions it calls.
 * Types only. */
import type { ActionResult } from "@/lib/http/action-result";

export type ScheduleInput = { cron: string; timezone: string };
export type GfsRetention = {
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  keepWithin?: string;
};
export type RetentionInput = { preset: string } | GfsRetention;

export type BackupSettingsInput = {
  schedules: ScheduleInput[];
  retention: RetentionInput;
  maxManualBackups: number;
  destinationIds: string[];
  live: boolean;
};

export type RetentionPresetOption = { key: string; label: string; description?: string; policy: GfsRetention };
export type DestinationOption = { id: string; name: string; type: string; detail: string; isDefault: boolean };

export type SchedulePreview =
  | { ok: true; words: string; nextRuns: string[] }
  | { ok: false; message: string };

export type RetentionPreview = {
  total: number;
  remove: { id: string; createdAt: string; trigger: string; status: string; totalBytes: number | null }[];
  keep: { id: string; reasons: string[] }[];
};

export type NewDestinationInput = {
  name: string;
  type: "local" | "s3" | "sftp" | "rest";
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
};
export type VerifyResult = { ok: true; initialized?: boolean } | { ok: false; problem: string; message: string };

export type SaveSettingsAction = (input: { environmentId: string; settings: BackupSettingsInput }) => Promise<ActionResult<{ nextRun: string | null }>>;
export type PreviewRetentionAction = (input: { environmentId: string; retention: RetentionInput; maxManualBackups: number }) => Promise<ActionResult<RetentionPreview>>;
export type VerifyDestinationAction = (input: NewDestinationInput) => Promise<ActionResult<VerifyResult>>;
export type CreateDestinationAction = (input: NewDestinationInput) => Promise<ActionResult<DestinationOption>>;
