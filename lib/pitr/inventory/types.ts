/* The inventory of one source's PITR snapshots in one repository, as the window and the restore read it:
 * base backups (time, timeline, first WAL segment, consistent point) and WAL batches (time of shipping, the WAL files in
 * them). Plain data; built by ./read-inventory.ts, cached per snapshot id by lib/pitr/inventory/cache.ts. */
export type BaseBackupEntry = {
  snapshotId: string;
  /** ISO time of the snapshot (the base backup's start; see notes/pitr-restore.md) */
  time: string;
  timeline: number;
  /** 24-hex name of the segment holding the backup's start (tag start-wal) */
  startWal: string;
  /** path of base.tar inside the snapshot */
  path: string;
  /** the cluster's WAL segment size (tag wal-segsize; absent on older base backups: 16 MiB) */
  segmentBytes?: number;
  /** the consistent point (tags end-lsn / end-time): WAL up to endLsn must be replayed, so the backup is
   * restorable only to times ≥ endTime. Absent on base backups written before they were recorded. */
  endLsn?: string;
  endTime?: string;
  /** where the end came from: the tags, or (older base backups) the backup_manifest inside base.tar, read
   * once — then endLsn only, no endTime (the window bounds it by the WAL shipped past it); "none": the tar
   * has no manifest. Absent on entries cached before the manifest was read (they are read again). */
  endFrom?: "tags" | "manifest" | "none";
};

export type WalFileEntry = { name: string; path: string; size: number };

export type WalBatchEntry = {
  snapshotId: string;
  /** ISO time of shipping */
  time: string;
  files: WalFileEntry[];
};

export type Inventory = { bases: BaseBackupEntry[]; batches: WalBatchEntry[] };

export type TimeSpan = { from: string; to: string };
