/* Backups (one run over all sources of an environment), their snapshots (one per source and
 * destination) and the file index of directory snapshots (for the file browser). The repository is the
 * truth; these rows cache what it holds. A backup is "succeeded" only once its snapshots are listed. */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { TSnapshotManifest, TVerification } from "../../proof/schema";
import { environments } from "./environments";

export type BackupStatus = "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";
export type BackupProgress = {
  percent: number;
  bytesDone: number;
  bytesTotal: number;
  /** How far bytesTotal is the backup's size: exact, an estimate (the previous snapshots' size), or only
   * what restic has found so far. Absent in progress written before this field existed: exact. */
  bytesTotalKind?: "exact" | "estimate" | "counting";
  filesDone: number;
  etaSeconds: number | null;
  phase?: string;
};
export type ErrorInfo = { code: string; message: string };

export const backups = pgTable(
  "backups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    status: text("status").$type<BackupStatus>().notNull().default("queued"),
    trigger: text("trigger", { enum: ["scheduled", "manual", "safety"] }).notNull(),
    live: boolean("live").notNull().default(true),
    catchUp: boolean("catch_up").notNull().default(false),
    jobId: uuid("job_id"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    totalBytes: bigint("total_bytes", { mode: "number" }),
    addedBytes: bigint("added_bytes", { mode: "number" }),
    progress: jsonb("progress").$type<BackupProgress>(),
    error: jsonb("error").$type<ErrorInfo>(),
    /** Gone everywhere: no destination (primary or copy) holds any of its snapshots. Hidden from lists. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** The primaries' retention forgot its snapshots while a copy still holds them: still listed and
     * restorable (from the copy), no longer counted or decided on by the primary's retention. */
    primaryForgottenAt: timestamp("primary_forgotten_at", { withTimezone: true }),
    /** The checks run before the backup may say "succeeded" (lib/proof/schema.ts); null on old rows. */
    verification: jsonb("verification").$type<TVerification>(),
    /** A failed integrity check found packs this backup's snapshots depend on. */
    damaged: boolean("damaged").notNull().default(false),
  },
  (t) => [
    index("backups_env_created_idx").on(t.environmentId, t.createdAt, t.id),
    // The alert rules' per-environment lookups (latest finished backup; latest good one), partial so
    // they hold only the rows those rules read.
    index("backups_env_finished_idx")
      .on(t.environmentId, t.createdAt.desc())
      .where(sql`deleted_at is null and status in ('succeeded', 'partial', 'failed')`),
    index("backups_env_good_idx")
      .on(t.environmentId, t.finishedAt)
      .where(sql`status = 'succeeded' and deleted_at is null`),
  ],
);

export const backupSnapshots = pgTable(
  "backup_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    backupId: uuid("backup_id")
      .notNull()
      .references(() => backups.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id").notNull(),
    destinationId: uuid("destination_id").notNull(),
    sourceName: text("source_name").notNull(),
    sourceType: text("source_type").notNull(),
    /** The source's role when it was backed up (null on rows written before roles: from the type). */
    sourceRole: text("source_role"),
    status: text("status").$type<"queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled">().notNull(),
    snapshotId: text("snapshot_id"),
    totalBytes: bigint("total_bytes", { mode: "number" }),
    addedBytes: bigint("added_bytes", { mode: "number" }),
    filesTotal: integer("files_total"),
    durationMs: integer("duration_ms"),
    warnings: jsonb("warnings").$type<string[]>(),
    error: jsonb("error").$type<ErrorInfo>(),
    indexedAt: timestamp("indexed_at", { withTimezone: true }),
    /** The key of the snapshot's "/" folder in file_index_pages (set with indexedAt). */
    indexRoot: text("index_root"),
    /** What the snapshot held (tables and row counts, or file count and bytes); a test restore checks it. */
    manifest: jsonb("manifest").$type<TSnapshotManifest>(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** The primary's retention forgot this snapshot from its destination (the backup may live on in a copy). */
    forgottenAt: timestamp("forgotten_at", { withTimezone: true }),
  },
  (t) => [
    index("backup_snapshots_backup_idx").on(t.backupId),
    // destination_unreachable: the latest finished snapshot written to each destination.
    index("backup_snapshots_dest_finished_idx")
      .on(t.destinationId, t.finishedAt.desc())
      .where(sql`status in ('succeeded', 'partial', 'failed')`),
  ],
);

/** The file index of directory snapshots, by folder (lib/backups/file-index/): one row per page (≤ 1000
 * entries) of one folder listing, keyed by a hash of that listing — which includes its subfolders' keys,
 * so equal keys mean equal subtrees. Shared by every snapshot (of any environment) holding that folder; a
 * snapshot holds only its root key (backup_snapshots.index_root). Pages no kept snapshot reaches are
 * removed after retention. */
export const fileIndexPages = pgTable(
  "file_index_pages",
  {
    key: text("key").notNull(),
    page: integer("page").notNull(),
    /** [name, type, size, mtime in ms or null, subfolder key or null], sorted by name. */
    entries: jsonb("entries").$type<FileIndexEntryTuple[]>().notNull(),
    /** The subfolders' keys in this page (what garbage collection follows). */
    children: text("children").array().notNull(),
    /** When first written: garbage collection spares young pages (a snapshot being indexed writes its
     * pages before its root key). */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key, t.page] })],
);

export type FileIndexEntryTuple = [
  name: string,
  type: "file" | "dir" | "symlink" | "other",
  size: number,
  mtime: number | null,
  child: string | null,
];
