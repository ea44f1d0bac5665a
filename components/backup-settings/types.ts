/* The Backup Settings form's data, as API.md defines GET/PUT /environments/{id}/backup-settings, plus
 * what the form needs around it (presets, destinations, previews) and the server actions the page passes
 * in. Types only. */
import type { DestinationActions } from "@/components/destinations/action-types";
import type { ActionResult } from "@/lib/http/action-result";
import type { SchedulePreview } from "@/lib/schedules/schedule-preview";

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

export type { SchedulePreview };

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

export type SaveSettingsAction = (input: {
  environmentId: string;
  settings: BackupSettingsInput;
}) => Promise<ActionResult<{ nextRun: string | null }>>;
export type PreviewRetentionAction = (input: {
  environmentId: string;
  retention: RetentionInput;
  maxManualBackups: number;
}) => Promise<ActionResult<RetentionPreview>>;
export type PreviewScheduleAction = (input: {
  environmentId: string;
  cron: string;
  timezone: string;
}) => Promise<ActionResult<SchedulePreview>>;
/** Verifies a destination that is not saved yet (never creates its repository). */
export type VerifyDestinationAction = (input: NewDestinationInput) => Promise<ActionResult<VerifyResult>>;
/** The Destinations page's create action; the form turns the saved destination into an option. */
export type CreateDestinationAction = DestinationActions["create"];
