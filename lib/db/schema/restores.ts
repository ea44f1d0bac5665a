/* Restores: putting a backup's data back into this or another environment of the project, optionally
 * after a safety backup of the target (forced for production), in mirror or merge mode for folders. */
import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { BackupProgress, BackupStatus, ErrorInfo } from "./backups";

export type RestorePath = { sourceId: string; path: string };

export const restores = pgTable("restores", {
  id: uuid("id").primaryKey().defaultRandom(),
  backupId: uuid("backup_id").notNull(),
  targetEnvironmentId: uuid("target_environment_id").notNull(),
  scope: text("scope", { enum: ["full", "databases", "files", "paths"] }).notNull(),
  /** Folders: "mirror" makes them equal to the backup (files added since are removed), "merge" keeps
   * files added since. Databases are replaced whole either way. */
  mode: text("mode", { enum: ["mirror", "merge"] })
    .notNull()
    .default("mirror"),
  paths: jsonb("paths").$type<RestorePath[]>(),
  /** Into another environment: backed-up source id → target source id, where the request chose one
   * (others match by name and type; lib/restores/source-map.ts). */
  sourceMap: jsonb("source_map").$type<Record<string, string>>(),
  safetyBackupId: uuid("safety_backup_id"),
  status: text("status").$type<BackupStatus>().notNull().default("queued"),
  jobId: uuid("job_id"),
  createdBy: uuid("created_by"),
  progress: jsonb("progress").$type<BackupProgress>(),
  error: jsonb("error").$type<ErrorInfo>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
