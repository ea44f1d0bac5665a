/* A base backup of a PostgreSQL cluster into one restic repository: `pg_basebackup -Ft -X none
 * --checkpoint=fast -D -` (PostgreSQL 13+ injects backup_manifest into the tar it writes to stdout)
 * streamed into `restic backup --stdin --stdin-filename base.tar`, tagged with the start segment and
 * timeline (repository-layout.ts). The start LSN is read from the tar's first member (backup_label) before
 * restic starts, so the tags are known when it does; the end (consistent point) is read from the tar's
 * backup_manifest as it streams past (./base-backup-end.ts), timed by the server's clock the moment
 * pg_basebackup exits, and added to the snapshot as `end-lsn:`/`end-time:` tags once it is stored (the
 * snapshot's id changes then: the returned id is the tagged one). A failed pg_basebackup never leaves a snapshot
 * (stream-backup's gate). No WAL inside: replay needs the WAL snapshots from start-wal on. */
import { PassThrough, type Readable } from "node:stream";
import { BASE_BACKUP_FILENAME, baseBackupEndTags, baseBackupTags, segmentName } from "@/lib/pitr/repository-layout";
import { addSnapshotTags } from "../restic/tag";
import type { BackupResult, Repo } from "../types";
import { describeExit, spawnTool } from "../sources/child";
import type { ToolConnection } from "../sources/database-connection";
import { DumpFailed } from "../sources/errors";
import { backupToolOutput } from "../sources/stream-backup";
import { ManifestTap } from "./base-backup-end";
import { pgBinary, psqlRows, replicationArgs } from "./pg-tools";

export type BaseBackupResult = BackupResult & {
  startLsn: string;
  timeline: number;
  startWal: string;
  /** the consistent point: WAL up to endLsn must be replayed; restorable to times ≥ endTime (ISO) */
  endLsn: string;
  endTime: string;
};

const START_RE = /START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+)/;
const TIMELINE_RE = /START TIMELINE: (\d+)/;

/** The tar's first member is backup_label (the server sends it first); reads just enough of the stream
 * to parse it. pg_basebackup -v prints no start point when -X none, so this is where it is. */
function readBackupLabel(
  stdout: Readable,
): Promise<{ start: { lsn: string; timeline: number }; consumed: Buffer } | null> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const finish = (v: { start: { lsn: string; timeline: number }; consumed: Buffer } | null) => {
      stdout.off("data", onData);
      stdout.off("end", onEnd);
      stdout.pause();
      resolve(v);
    };
    const onEnd = () => finish(null);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 512) return;
      const name = buf.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
      const size = Number.parseInt(buf.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim(), 8);
      if (name !== "backup_label" || !Number.isFinite(size)) return finish(null);
      if (buf.length < 512 + size) return;
      const label = buf.subarray(512, 512 + size).toString("utf8");
      const lsn = START_RE.exec(label)?.[1];
      const tli = TIMELINE_RE.exec(label)?.[1];
      finish(lsn && tli ? { start: { lsn, timeline: Number(tli) }, consumed: buf } : null);
    };
    stdout.on("data", onData);
    stdout.once("end", onEnd);
  });
}

export async function takeBaseBackup(
  repo: Repo,
  conn: ToolConnection,
  opts: { sourceId: string; sourceName: string; host: string; signal?: AbortSignal },
): Promise<BaseBackupResult> {
  const [[segBytes]] = await psqlRows(conn, "select setting from pg_settings where name = 'wal_segment_size'");
  const proc = spawnTool(
    pgBinary("pg_basebackup"),
    ["--format=tar", "--wal-method=none", "--checkpoint=fast", "--pgdata=-", "--no-password", ...replicationArgs(conn)],
    { label: "pg_basebackup", env: conn.env, stdout: "pipe", outputLimit: 8192 },
  );
  const head = await readBackupLabel(proc.stdout);
  if (!head) {
    const exit = await proc.exited;
    throw new DumpFailed(
      opts.sourceName,
      "pg_basebackup",
      exit,
      proc.output.text() || `pg_basebackup ${describeExit(exit)}`,
    );
  }
  const start = head.start;
  // restic reads what was already taken off the pipe first, then the rest of pg_basebackup's stdout.
  const stdout = new PassThrough({ highWaterMark: 1 << 20 });
  stdout.write(head.consumed);
  proc.stdout.pipe(stdout);
  proc.stdout.resume();
  const startWal = segmentName(start.timeline, start.lsn, Number(segBytes));
  // The manifest streams past too (the tap sees what restic reads, head.consumed included).
  const tap = new ManifestTap();
  let endTime = "";
  const observe = {
    push: (c: Buffer) => tap.push(c),
    async verdict() {
      const problem = await tap.verdict();
      if (problem) return problem;
      // The server's own clock (commit times are its), read the moment pg_basebackup has exited.
      const [[ms]] = await psqlRows(conn, "select (extract(epoch from clock_timestamp()) * 1000)::bigint");
      endTime = new Date(Number(ms)).toISOString();
      return null;
    },
  };
  const stored = await backupToolOutput(
    repo,
    { ...proc, stdout },
    {
      sourceName: opts.sourceName,
      filename: BASE_BACKUP_FILENAME,
      tags: baseBackupTags(opts.sourceId, startWal, start.timeline, Number(segBytes)),
      host: opts.host,
      signal: opts.signal,
      observe,
    },
  );
  const { endLsn } = tap.end();
  const snapshotId = await addSnapshotTags(repo, stored.snapshotId, baseBackupEndTags(endLsn, endTime), opts.signal);
  const result = { ...stored, snapshotId, shortId: snapshotId.slice(0, 8) };
  return { ...result, startLsn: start.lsn, timeline: start.timeline, startWal, endLsn, endTime };
}
