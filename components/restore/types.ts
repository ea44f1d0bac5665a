/* Inputs of the restore flow (API.md POST /backups/{id}/restore and …/restore/preview) and the server
 * actions it calls. */
import type { ActionResult } from "@/lib/http/action-result";
import type { RestoreScope } from "@/components/backups/types";
import type { RestoreMode, RestorePreview, SourceMap } from "@/lib/restores/schema";

export type RestoreTarget = {
  id: string;
  name: string;
  slug: string;
  type: "production" | "staging" | "development";
  /** Its sources (names and types only): what a backed-up source can be restored into. */
  sources: { id: string; name: string; type: string }[];
};
export type StartRestoreInput = {
  backupId: string;
  scope: RestoreScope;
  paths?: { sourceId: string; path: string }[];
  targetEnvironmentId: string;
  safetyBackup: boolean;
  /** Folders: "mirror" (default) removes files added since the backup, "merge" keeps them. */
  mode?: RestoreMode;
  /** Into another environment: backed-up source id → the target source it restores into. */
  sourceMap?: SourceMap;
};
export type StartRestoreAction = (input: StartRestoreInput) => Promise<ActionResult<{ id: string; jobId: string }>>;
export type PreviewRestoreInput = Omit<StartRestoreInput, "safetyBackup">;
export type PreviewRestoreAction = (input: PreviewRestoreInput) => Promise<ActionResult<RestorePreview>>;
