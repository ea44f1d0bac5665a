/* Restores: putting a backup's data back into this or another environment of the project, optionally
 * after a safety backup of the target (forced for production), in mirror or merge mode for folders. */
import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { BackupProgress, BackupStatus, ErrorInfo } from "./backups";

export type RestorePath = { sourceId: string; path: string };

/** A restore to a point in time (lib/pitr/restore): which PostgreSQL source's WAL, to which time
 * ("latest": the end of the WAL), into which database, and what comes out. */
export type PitrRestoreSpec = {
  sourceId: string;
  time: string | "latest";
  /** the target source (a PostgreSQL source of the target environment) */
  targetSourceId: string;
  /** the database read from the recovered cluster (default: the source's own) */
  database: string;
  /** "cluster": the whole recovered cluster prepared as a tar to download (lib/pitr/restore/cluster-download.ts) */
  output: "database" | "table" | "cluster";
  /** output "table": this table of the recovered database goes into `newTable` in the target */
  table?: string;
  newTable?: string;
  /** the database of the target server restored into (default: the target source's own) */
  targetDatabase?: string;
  destinationId: string;
};

export const restores = pgTable("restores", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The backup restored; null for a restore to a point in time (`pitr`). */
  backupId: uuid("backup_id"),
  targetEnvironmentId: uuid("target_environment_id").notNull(),
  scope: text("scope", { enum: ["full", "databases", "files", "config", "paths"] }).notNull(),
  /** Code-role sources are left out of "full" and "files" restores unless this is true. */
  includeCode: boolean("include_code").notNull().default(false),
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
  pitr: jsonb("pitr").$type<PitrRestoreSpec>(),
  /** A restore to a point in time: the time of the last replayed commit. */
  recoveredTo: timestamp("recovered_to", { withTimezone: true }),
  status: text("status").$type<BackupStatus>().notNull().default("queued"),
  /** The primary could not give the backup back and an off-site copy did (lib/copies/restore-from-copy). */
  restoredFromCopy: jsonb("restored_from_copy").$type<{
    destinationId: string;
    destinationName: string;
    message: string;
  }>(),
  jobId: uuid("job_id"),
  createdBy: uuid("created_by"),
  progress: jsonb("progress").$type<BackupProgress>(),
  error: jsonb("error").$type<ErrorInfo>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
