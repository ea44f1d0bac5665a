/* What the Backup Settings form works with: the settings shape, retention and preview types come from
 * the browser-safe schemas (lib/backup-settings/schema.ts, lib/retention/schema.ts,
 * lib/destinations/schema.ts); this adds only the form's own options and the server actions the page
 * passes in. Types only. */
import type { DestinationActions } from "@/components/destinations/action-types";
import type { RetentionPreviewResult, TBackupSettingsValues } from "@/lib/backup-settings/schema";
import type { TVerifyDestinationInput, UnsavedDestinationVerifyResult } from "@/lib/destinations/schema";
import type { ActionResult } from "@/lib/http/action-result";
import type { RetentionPolicy, StoredRetention } from "@/lib/retention/schema";
import type { SchedulePreview } from "@/lib/schedules/schedule-preview";

export type { SchedulePreview };

export type RetentionPresetOption = { key: string; label: string; description?: string; policy: RetentionPolicy };
export type DestinationOption = { id: string; name: string; type: string; detail: string; isDefault: boolean };

export type SaveSettingsAction = (input: {
  environmentId: string;
  settings: TBackupSettingsValues;
}) => Promise<ActionResult<{ nextRun: string | null }>>;
export type PreviewRetentionAction = (input: {
  environmentId: string;
  retention: StoredRetention;
  maxManualBackups: number;
  maxBackups?: number;
}) => Promise<ActionResult<RetentionPreviewResult>>;
export type PreviewScheduleAction = (input: {
  environmentId: string;
  cron: string;
  timezone: string;
}) => Promise<ActionResult<SchedulePreview>>;
/** Verifies a destination that is not saved yet (never creates its repository). */
export type VerifyDestinationAction = (
  input: TVerifyDestinationInput,
) => Promise<ActionResult<UnsavedDestinationVerifyResult>>;
/** The Destinations page's create action; the form turns the saved destination into an option. */
export type CreateDestinationAction = DestinationActions["create"];
