/* lib/backup-settings: per-environment backup settings (schedules, retention, max manual backups,
 * destinations, live) with type defaults and inheritance, the save operation, and the retention
 * preview. Server-only (reads the database). */
export * from "./schema";
export * from "./defaults";
export * from "./effective-settings";
export * from "./get-backup-settings";
export * from "./put-backup-settings";
export * from "./preview-retention";
