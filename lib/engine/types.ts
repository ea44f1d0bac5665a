/* Public data types of the engine: what callers hand in (Repo, options) and what they get back (results,
 * snapshots, listing entries, progress). Plain data only — no behaviour, no imports from the database or
 * Next.js. Invariants: snapshot ids in results are always the full 64-hex id; times are ISO strings as
 * restic reports them (UTC); sizes are bytes. */
import type { Readable } from "node:stream";
import type { TCheckResult, TSnapshotManifest } from "../proof/schema";

/** A restic repository as the engine sees it. `password` and `env` values are secrets: they reach
 * restic only through its environment, never argv, logs or error messages. */
export type Repo = {
  /** restic repository string: `/path`, `s3:https://host/bucket/prefix`, `sftp:user@host:/path`, `rest:https://…` */
  url: string;
  password: string;
  /** Provider variables (AWS_ACCESS_KEY_ID, AWS_DEFAULT_REGION, …) passed through to restic as they are. */
  env?: Record<string, string>;
  /** Extended options, each `key=value`, passed as `-o key=value` (e.g. `s3.bucket-lookup=path`, `sftp.command=…`). */
  options?: string[];
  /** A PEM file with extra root certificates for TLS (self-hosted S3/REST). */
  caCertPath?: string;
  /** restic's local cache directory (inside Lifeboat's data directory). */
  cacheDir?: string;
  /** restic `--compression` (format-2 repositories): absent or "auto" passes nothing (restic's default). */
  compression?: "auto" | "max" | "off";
};

export type Progress = {
  /** 0..1 */
  percent: number;
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  /** undefined while restic has no estimate */
  etaSeconds?: number;
};

export type OnProgress = (p: Progress) => void;

type BackupCommon = {
  tags: string[];
  host: string;
  /** Snapshot time to record (restic `--time`); defaults to now. Lets tests build histories. */
  time?: Date;
  onProgress?: OnProgress;
  signal?: AbortSignal;
};

export type BackupPathsOptions = BackupCommon & {
  paths: string[];
  excludes?: string[];
  /** The snapshot to compare against (restic `--parent`); restic picks one itself when omitted. */
  parent?: string;
};

export type BackupStdinOptions = BackupCommon & {
  stdin: Readable;
  /** The file name the stream is stored under inside the snapshot, e.g. `db.dump`. */
  filename: string;
};

export type BackupResult = {
  /** full 64-hex id */
  snapshotId: string;
  shortId: string;
  totalBytes: number;
  addedBytes: number;
  totalFiles: number;
  filesNew: number;
  filesChanged: number;
  /** restic found nothing new or changed inside the saved folder against the parent (files and folders
   * alike; the folders above it may have a new mtime): the snapshot's tree there is the parent's. False
   * when restic did not say (no parent, or an older summary). */
  treeUnchanged?: boolean;
  durationMs: number;
  /** human-readable warnings (e.g. files that could not be read); empty when the run was clean */
  warnings: string[];
  /** What the source's backup checked about its own output (dump complete, row counts) and the
   * snapshot's manifest; absent where the source type checks nothing (command sources). */
  proof?: SourceProof;
};

/** A source backup's own checks and the manifest recorded with its snapshot (lib/proof/schema.ts). */
export type SourceProof = { checks: TCheckResult[]; manifest?: TSnapshotManifest };

export type Snapshot = {
  id: string;
  shortId: string;
  time: string;
  hostname: string;
  tags: string[];
  paths: string[];
  /** the root tree; equal trees hold equal data */
  tree?: string;
  /** set by `restic copy`: the id of the snapshot this one was copied from (transitively the first) */
  original?: string;
};

export type LsEntry = {
  /** absolute path inside the snapshot, `/`-separated */
  path: string;
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mtime: string;
};

export type RestoreOptions = {
  snapshotId: string;
  target: string;
  /** paths inside the snapshot to restore (restic `--include`); everything when empty */
  include?: string[];
  signal?: AbortSignal;
};

export type DumpOptions = { snapshotId: string; path: string; signal?: AbortSignal };
export type DumpHandle = { stream: Readable; done: Promise<void> };

/** The one retention rule set (restic `forget` semantics). Every layer uses this type: the engine's forget,
 * lib/retention's decision (resolved: every count set, `ResolvedRetention`), the stored custom policy
 * (backup_settings.retention) and the settings form's custom fields. */
export type RetentionPolicy = {
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  /** restic duration such as `30d`, `1y6m` (null: none) */
  keepWithin?: string | null;
  keepTags?: string[];
};

export type ForgetOptions = {
  policy?: RetentionPolicy;
  ids?: string[];
  /** With `ids`: an id the repository no longer lists counts as forgotten already instead of an error (a
   * retry after a process died between `forget` and recording it). An ambiguous id still throws. */
  missingOk?: boolean;
  /** only consider snapshots carrying all of these tags */
  tags?: string[];
  host?: string;
  /** restic `--group-by`; default `host,paths` (restic's own default). `""` disables grouping. */
  groupBy?: string;
  dryRun?: boolean;
};

export type ForgetResult = {
  keep: Snapshot[];
  remove: Snapshot[];
  /** why each kept snapshot is kept, keyed by full snapshot id (e.g. ["daily snapshot", "last snapshot"]) */
  reasons: Record<string, string[]>;
};

export type CheckOptions = {
  /** restic `--read-data-subset`: `n/t`, `x%` or a size such as `50M` */
  readDataSubset?: string;
  readData?: boolean;
  signal?: AbortSignal;
};

export type CheckResult = { ok: true; output: string };

export type StatsMode = "restore-size" | "files-by-contents" | "raw-data" | "blobs-per-file";

export type StatsResult = {
  totalSize: number;
  totalFileCount: number;
  snapshotsCount: number;
  /** raw-data mode on repository v2 only */
  totalUncompressedSize?: number;
  compressionRatio?: number;
  totalBlobCount?: number;
};

export type CopyOptions = {
  /** snapshots to copy; all matching `tags`/`host` when omitted */
  snapshotIds?: string[];
  tags?: string[];
  host?: string;
  signal?: AbortSignal;
};

export type CopyResult = {
  /** source short id → new snapshot short id in the destination */
  copied: { from: string; to: string }[];
  /** snapshots the destination already had (source short id → existing destination short id) */
  skipped: { from: string; to: string }[];
  /** full ids in the destination of every snapshot copied or skipped, in that order */
  targetSnapshotIds: string[];
};

export type KeyInfo = {
  id: string;
  current: boolean;
  userName: string;
  hostName: string;
  created: string;
};

export type ResticVersion = { major: number; minor: number; patch: number; raw: string };
