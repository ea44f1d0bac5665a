/* The shapes the panel's backup screens render, exactly as API.md promises them (Backup, Restore, file
 * entries). Components depend on these plain JSON types only, so they work the same whether the data
 * came from a server component, a GET of /api/v1 (the panel's session cookie) or a server action. */

export type BackupStatus = "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";
export type BackupTrigger = "scheduled" | "manual" | "safety";

export type BackupProgressDto = {
  percent: number;
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  etaSeconds: number | null;
  phase?: string;
};

export type BackupSourceDto = {
  sourceId: string;
  name: string;
  type: string;
  status: BackupStatus;
  snapshotId: string | null;
  destinationId: string;
  destinationName?: string;
  totalBytes: number | null;
  addedBytes: number | null;
  error?: { code: string; message: string } | null;
};

export type BackupDto = {
  id: string;
  environmentId: string;
  status: BackupStatus;
  trigger: BackupTrigger;
  live: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  totalBytes: number | null;
  addedBytes: number | null;
  jobId?: string | null;
  progress?: BackupProgressDto | null;
  sources: BackupSourceDto[];
  error?: { code: string; message: string } | null;
};

export type BackupPage = { items: BackupDto[]; nextCursor: string | null };

export type FileEntryDto = {
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mtime: string | null;
};

export type RestoreScope = "full" | "databases" | "files" | "paths";
export type RestoreDto = {
  id: string;
  status: BackupStatus;
  backupId: string;
  targetEnvironmentId: string;
  target: { environmentName: string; environmentSlug: string; projectName: string; projectSlug: string } | null;
  safetyBackupId: string | null;
  progress?: BackupProgressDto | null;
  error?: { code: string; message: string } | null;
};

export type JobLogLineDto = { at: string; level: "info" | "warn" | "error"; message: string };

/** What every backup screen knows about the environment it shows. */
export type EnvironmentContext = {
  id: string;
  name: string;
  slug: string;
  type: "production" | "staging" | "development";
  timezone: string;
  projectId: string;
  projectName: string;
  projectSlug: string;
};

export type ActorRole = "viewer" | "operator" | "admin";

/** What an environment needs before its first backup, for the empty Backups tab and "Backup now":
 * whether it has sources at all, and when its (possibly inherited) schedule runs next. */
export type BackupReadiness = {
  sourceCount: number;
  sourcesHref: string;
  /** ISO time of the next scheduled run, or null when no schedule applies (or the environment is paused). */
  nextRun: string | null;
  /** The schedules in words, e.g. "Every day at 00:14". */
  scheduleWords: string[];
  /** True when the schedules come from the project's or the global default, not this environment. */
  scheduleInherited: boolean;
};

export function isActive(status: BackupStatus): boolean {
  return status === "queued" || status === "running";
}
