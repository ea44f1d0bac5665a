/* THE CONTRACT between the writing side of point-in-time recovery (lib/pitr wal-stream, ship, base
 * backups) and the reading side (recovery window, restore to a time). Pure and browser-safe; both sides
 * and the recovery kit text import it. Change it only together with the restore side.
 *
 * What Lifeboat writes into every destination (a plain restic repository) for a PostgreSQL source with
 * PITR on:
 *
 * 1. WAL batch snapshot — `restic backup <dataDir>/pitr/<sourceId>/ship/<batchId>/`
 *    tags: `lifeboat`, `wal`, `source:<sourceId>`; host: the environment's slug.
 *    The snapshot's single path is that staging folder; the batch's files lie directly in it, named exactly
 *    as PostgreSQL names them: complete 24-hex segments (`000000010000000000000003`), timeline history
 *    files (`00000002.history`) and at most one `<segment>.partial` — the newest, still growing segment,
 *    re-shipped in later batches until the complete segment replaces it (a reader uses a `.partial` only
 *    when no snapshot holds the complete segment of that name, and then the newest copy).
 *    One snapshot per batch: when 16 complete segments wait, or early enough that WAL written at t is in
 *    the repository by t + 60 s (the batch starts the recent restic run time + a margin before that
 *    deadline, with the current `.partial`: under steady writes a batch every ~45–55 s). Snapshot time =
 *    when the batch's files were listed (restic --time, to the second): all WAL written before it is in
 *    the batch, and its `.partial` was the segment being written at that time. A segment may appear in more than one WAL snapshot (a batch re-shipped to a
 *    destination after a failure elsewhere); copies of one name are identical.
 *
 * 2. Base backup snapshot — `pg_basebackup -Ft -X none --checkpoint=fast -D -` streamed into
 *    `restic backup --stdin --stdin-filename base.tar`; tags `lifeboat`, `basebackup`, `source:<sourceId>`,
 *    `start-wal:<24-hex segment of the start LSN>`, `timeline:<n>`, `wal-segsize:<bytes>` (the cluster's wal_segment_size; absent on older ones: 16 MiB). base.tar is the data directory as a
 *    tar with `backup_manifest` inside (PostgreSQL 13+ injects it when writing a tar to stdout) and no WAL
 *    (replay needs the WAL snapshots from start-wal on).
 *    Once the tar is stored, the snapshot gets its CONSISTENT POINT (`restic tag --add`, which gives it a
 *    new id): `end-lsn:<X/Y>` (the manifest's WAL-Ranges end: WAL up to there must be replayed before the
 *    copy is usable) and `end-time:<ISO>` (the server's clock_timestamp() just after pg_basebackup ended,
 *    so every commit later than it lies after end-lsn). A base backup is restorable only to times ≥
 *    end-time; one without these tags (older Lifeboat) is treated as restorable from its snapshot time.
 *
 * 3. Gaps — when the replication slot was lost (wal_status 'lost') WAL between the last shipped segment
 *    and the next base backup is missing. Recorded in the app database table `pitr_gaps`
 *    (source_id, after_segment, detected_at, reason) AND in the repository as an empty snapshot tagged
 *    `lifeboat`, `wal-gap`, `source:<sourceId>`, `after-wal:<last 24-hex segment shipped>` so the
 *    recovery kit alone still tells. (A missing segment in the sequence is a gap too, whatever the table
 *    says: readers derive gaps from the inventory.)
 *
 * 4. Retention: WAL follows the oldest kept base backup — a WAL snapshot is forgotten only when every
 *    segment in it is older than the start-wal of the oldest base backup kept, and never when it holds a
 *    `.history` file. */

import { DEFAULT_WAL_SEGMENT_BYTES, timelineOf } from "./wal-names";

export const TAG_LIFEBOAT = "lifeboat";
export const TAG_WAL = "wal";
export const TAG_BASEBACKUP = "basebackup";
export const TAG_WAL_GAP = "wal-gap";
export const BASE_BACKUP_FILENAME = "base.tar";
/** Batch triggers: ship when this many complete segments wait; WAL is in the repository this long after
 * it was written at the latest (lib/engine/pitr/batch-schedule.ts). */
export const BATCH_MAX_SEGMENTS = 16;
export const BATCH_INTERVAL_SECONDS = 60;

export const sourceTag = (sourceId: string) => `source:${sourceId}`;
export const walBatchTags = (sourceId: string) => [TAG_LIFEBOAT, TAG_WAL, sourceTag(sourceId)];
export const baseBackupTags = (sourceId: string, startWal: string, timeline: number, segmentBytes?: number) => [
  TAG_LIFEBOAT,
  TAG_BASEBACKUP,
  sourceTag(sourceId),
  `start-wal:${startWal}`,
  `timeline:${timeline}`,
  ...(segmentBytes ? [`wal-segsize:${segmentBytes}`] : []),
];
/** The tags a stored base backup gets once its end is known (see 2. above). */
export const baseBackupEndTags = (endLsn: string, endTime: string) => [`end-lsn:${endLsn}`, `end-time:${endTime}`];
export const walGapTags = (sourceId: string, afterWal: string) => [
  TAG_LIFEBOAT,
  TAG_WAL_GAP,
  sourceTag(sourceId),
  `after-wal:${afterWal}`,
];

/** The staging folder of one batch, relative to the data directory. */
export const shipFolder = (dataDir: string, sourceId: string, batchId: string) =>
  `${dataDir}/pitr/${sourceId}/ship/${batchId}`;
export const spoolFolder = (dataDir: string, sourceId: string) => `${dataDir}/pitr/${sourceId}/spool`;
/** The replication slot Lifeboat creates for a source (slot names: lower case, digits, underscore). */
export const slotName = (sourceId: string) => `lifeboat_${sourceId.replace(/-/g, "_").toLowerCase()}`;

const DEFAULT_SEGMENT_BYTES = DEFAULT_WAL_SEGMENT_BYTES;

/** `0/3000060` → BigInt. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`"${lsn}" is not an LSN`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** The 24-hex name of the segment holding `lsn` on `timeline` (PostgreSQL's XLogFileName). */
export function segmentName(timeline: number, lsn: string | bigint, segmentBytes = DEFAULT_SEGMENT_BYTES): string {
  const pos = typeof lsn === "bigint" ? lsn : parseLsn(lsn);
  const segNo = pos / BigInt(segmentBytes);
  const perId = 0x100000000n / BigInt(segmentBytes);
  const hex = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, "0");
  return `${hex(timeline)}${hex(segNo / perId)}${hex(segNo % perId)}`;
}

/** The position part of a segment name (timeline dropped), comparable as a string. */
export const segmentPosition = (name: string) => name.slice(8, 24);

/** Reads `start-wal:` / `timeline:` / `after-wal:` / `wal-segsize:` / `end-lsn:` / `end-time:` from a snapshot's tags. */
export function tagValue(
  tags: string[],
  key: "start-wal" | "timeline" | "after-wal" | "source" | "wal-segsize" | "end-lsn" | "end-time",
): string | undefined {
  const t = tags.find((x) => x.startsWith(`${key}:`));
  return t?.slice(key.length + 1);
}

/** The recovery kit's commands for a source with PITR on: list its base backups and WAL batches with the
 * bare restic CLI, and the recipe to replay them by hand (the contract above, as shell). */
export function pitrKitCommands(sourceId: string, restic: string): string[] {
  const src = sourceTag(sourceId);
  return [
    `# Point-in-time recovery of source ${sourceId}: base backups and WAL batches`,
    `${restic} snapshots --tag ${TAG_BASEBACKUP},${src}`,
    `${restic} snapshots --tag ${TAG_WAL},${src}`,
    `${restic} snapshots --tag ${TAG_WAL_GAP},${src}   # WAL known to be missing (after-wal:<segment>)`,
    "# 1. Unpack the base backup older than your target time into an empty data directory:",
    `mkdir -p ./pgdata && ${restic} dump <basebackup-snapshot> /${BASE_BACKUP_FILENAME} | tar -x -C ./pgdata`,
    "#    Its tags end-lsn:/end-time: are its consistent point: the target time must be at or after end-time.",
    "# 2. Collect every WAL file from start-wal:<segment> (see the base backup's tags) on into ./wal; each WAL",
    "#    snapshot holds its files directly in its one path (a folder named …/pitr/<source>/ship/<batch>):",
    `mkdir -p ./wal && for s in $(${restic} snapshots --tag ${TAG_WAL},${src} --json | python3 -c 'import json,sys;print(" ".join(x["id"] for x in json.load(sys.stdin)))'); do ${restic} restore "$s" --target ./wal-batches; done && find ./wal-batches -type f -exec cp -n {} ./wal/ \\;`,
    "#    Use a <segment>.partial only when the complete <segment> is absent (rename it without .partial).",
    "# 3. touch ./pgdata/recovery.signal; set restore_command = 'cp /abs/path/wal/%f %p' and",
    "#    recovery_target_time = '2026-01-31 14:03:00+00', recovery_target_action = 'promote' in postgresql.auto.conf;",
    "#    start PostgreSQL (same major version) on ./pgdata.",
  ];
}

/** The segment after `name` on the same timeline. */
export function nextSegment(name: string, segmentBytes = DEFAULT_SEGMENT_BYTES): string {
  const perId = 0x100000000n / BigInt(segmentBytes);
  const hi = BigInt(`0x${name.slice(8, 16)}`);
  const lo = BigInt(`0x${name.slice(16, 24)}`);
  const segNo = hi * perId + lo + 1n;
  return segmentName(timelineOf(name), segNo * BigInt(segmentBytes), segmentBytes);
}
