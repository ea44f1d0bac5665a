/* The backup, restore and job endpoints of REST v1 for the OpenAPI document (backup settings, backups,
 * files and downloads, restores and their previews, job status and cancel). Bodies and queries are the
 * operations' zod schemas. */
import { z } from "zod";
import { ZBackupSettings, ZRetentionPreview } from "@/lib/backup-settings/schema";
import { ZTypePolicy } from "@/lib/backup-settings/type-policy-schema";
import { ZListBackups } from "@/lib/backups/list-backups";
import { ZCreateBackup } from "@/lib/backups/create-backup";
import { ZListBackupFiles } from "@/lib/backups/list-backup-files";
import { ZRestoreBackupBody } from "@/lib/restores/restore-body";
import { ZListRestores } from "@/lib/restores/list-restores";
import { ZRestorePreviewBody } from "@/lib/restores/schema";
import { type Endpoint, noContent, ok, safe } from "./endpoint-types";

const ZBackupNow = safe(() => ZCreateBackup.pick({ live: true }), z.object({ live: z.boolean().optional() }));
const ZFilesQuery = safe(() => (ZListBackupFiles as unknown as z.ZodObject).omit({ backupId: true }), ZListBackupFiles);
const ZDownloadQuery = z.object({
  sourceId: z.string(),
  path: z.string().default("/"),
  format: z.enum(["tar", "zip"]).default("tar"),
});
export const BACKUP_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/environments/{id}/backup-settings",
    tag: "settings",
    summary: "Backup settings with nextRuns and inherited fields",
    role: "viewer",
    success: ok("BackupSettings"),
  },
  {
    method: "put",
    path: "/environments/{id}/backup-settings",
    tag: "settings",
    summary: "Replace the backup settings",
    role: "admin",
    body: ZBackupSettings,
    success: ok("BackupSettings"),
  },
  {
    method: "post",
    path: "/environments/{id}/backup-settings/preview",
    tag: "settings",
    summary: "Which backups a retention would keep and remove",
    role: "viewer",
    body: ZRetentionPreview,
    success: ok("{keep, remove} with reasons"),
  },
  {
    method: "get",
    path: "/environment-types",
    tag: "settings",
    summary: "The backup defaults of every environment type",
    role: "viewer",
    success: ok("{items: EnvironmentTypePolicy[]}"),
  },
  {
    method: "get",
    path: "/environment-types/{type}",
    tag: "settings",
    summary: "One environment type's backup defaults (what its environments inherit)",
    role: "viewer",
    success: ok(
      "EnvironmentTypePolicy: {type, schedules, retention, policy (Platform.sh list or null), maxManualBackups, maxBackups, live, environments, updatedAt}",
    ),
  },
  {
    method: "put",
    path: "/environment-types/{type}",
    tag: "settings",
    summary: "Change a type's backup defaults (left out: unchanged; null: the built-in default)",
    role: "admin",
    body: ZTypePolicy,
    success: ok("EnvironmentTypePolicy"),
  },

  {
    method: "post",
    path: "/environments/{id}/backups",
    tag: "backups",
    summary: "Back up now",
    role: "operator",
    body: ZBackupNow,
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "get",
    path: "/environments/{id}/backups",
    tag: "backups",
    summary: "List backups, newest first",
    role: "viewer",
    query: ZListBackups,
    success: ok("{items: Backup[], nextCursor}; each Backup has verification (#/components/schemas/Verification)"),
  },
  {
    method: "get",
    path: "/backups/{id}",
    tag: "backups",
    summary: "Get a backup",
    role: "viewer",
    success: ok(
      "Backup, with verification: {status: pending|passed|warning|failed, checks: [{name, status, message}]} (#/components/schemas/Verification) and copies: [{destinationId, status: queued|running|succeeded|failed, snapshotIds, copiedAt?}]",
    ),
  },
  {
    method: "delete",
    path: "/backups/{id}",
    tag: "backups",
    summary: "Delete a backup (forgets its snapshots)",
    role: "admin",
    success: noContent,
  },
  {
    method: "get",
    path: "/backups/{id}/files",
    tag: "backups",
    summary: "List a folder of a backup",
    role: "viewer",
    query: ZFilesQuery,
    success: ok("{entries: [{name, type, size, mtime}]}"),
  },
  {
    method: "get",
    path: "/backups/{id}/download",
    tag: "backups",
    summary: "Download files as a streamed tar or zip (operator+: viewers browse but do not download)",
    role: "operator",
    query: ZDownloadQuery,
    success: ok("application/x-tar or application/zip stream"),
  },
  {
    method: "post",
    path: "/backups/{id}/restore",
    tag: "restores",
    summary: "Restore a backup (safety backup forced for production targets)",
    role: "operator",
    body: ZRestoreBackupBody,
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "post",
    path: "/backups/{id}/restore/preview",
    tag: "restores",
    summary: "Preview a restore: files replaced, brought back, removed or kept (added since), excluded left alone",
    role: "operator",
    body: ZRestorePreviewBody,
    success: ok("{mode, items: [{sourceId, name, kind, replaces, bringsBack, addedSince, excluded}], totals}"),
  },
  {
    method: "get",
    path: "/environments/{id}/restores",
    tag: "restores",
    summary: "List the restores into an environment, newest first (who, what, result, safety backup, undoable)",
    role: "viewer",
    query: ZListRestores,
    success: ok("{items: RestoreListItem[], nextCursor}"),
  },
  {
    method: "get",
    path: "/restores/{id}",
    tag: "restores",
    summary: "Get a restore",
    role: "viewer",
    success: ok(
      "Restore; restoredFromCopy: {destinationId, destinationName, message} when the primary was unreachable and an off-site copy was used",
    ),
  },
  { method: "get", path: "/jobs/{id}", tag: "jobs", summary: "Get a job", role: "viewer", success: ok("Job") },
  {
    method: "post",
    path: "/jobs/{id}/cancel",
    tag: "jobs",
    summary: "Cancel a job",
    role: "operator",
    success: ok("Job"),
  },
];
