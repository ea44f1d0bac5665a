/* Inputs of the restore flow (API.md POST /backups/{id}/restore) and the server action it calls. */
import type { ActionResult } from "@/lib/http/action-result";
import type { RestoreScope } from "@/components/backups/types";

export type RestoreTarget = { id: string; name: string; slug: string; type: "production" | "staging" | "development" };
export type StartRestoreInput = {
  backupId: string;
  scope: RestoreScope;
  paths?: { sourceId: string; path: string }[];
  targetEnvironmentId: string;
  safetyBackup: boolean;
};
export type StartRestoreAction = (input: StartRestoreInput) => Promise<ActionResult<{ id: string; jobId: string }>>;
