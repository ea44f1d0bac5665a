/* The shapes the panel's backup screens render, exactly as API.md promises them (Backup, Restore, file
 * entries). Components depend on these plain JSON types only, so they work the same whether the data
 * came from a server component, a GET of /api/v1 (the panel's session cookie) or a server action. The
 * backup shapes are the server's own view types (type-only imports; nothing server-side is bundled). */
import type { BackupSourceView, BackupView } from "@/lib/backups/backup-view";
import type { BackupProgress, BackupStatus } from "@/lib/db/schema/backups";

export type { BackupStatus };
export type BackupTrigger = BackupView["trigger"];
export type BackupProgressDto = BackupProgress;
/** One source × destination of a backup: the server's BackupSourceView. */
export type BackupSourceDto = BackupSourceView;
/** The one backup view (lib/backups/backup-view.ts builds it; GET /backups returns it). */
export type BackupDto = BackupView;

export type BackupPage = { items: BackupDto[]; nextCursor: string | null };

export type FileEntryDto = {
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mtime: string | null;
};

export type RestoreScope = "full" | "databases" | "files" | "config" | "paths";
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
  /** false: inactive (no backups, no restores into it, schedules paused). */
  active: boolean;
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
