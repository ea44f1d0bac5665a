/* A base backup of a PostgreSQL cluster into one restic repository: `pg_basebackup -Ft -X none
 * --checkpoint=fast -D -` (PostgreSQL 13+ injects backup_manifest into the tar it writes to stdout)
 * streamed into `restic backup --stdin --stdin-filename base.tar`, tagged with the start segment and
 * timeline (repository-layout.ts). The start LSN is read from pg_basebackup's verbose stderr before any
 * data flows, so the tags are known when restic starts. A failed pg_basebackup never leaves a snapshot
 * (stream-backup's gate). No WAL inside: replay needs the WAL snapshots from start-wal on. */
import { BASE_BACKUP_FILENAME, baseBackupTags, segmentName } from "@/lib/pitr/repository-layout";
import type { BackupResult, Repo } from "../types";
import { describeExit, spawnTool } from "../sources/child";
import type { ToolConnection } from "../sources/database-connection";
import { DumpFailed } from "../sources/errors";
import { backupToolOutput } from "../sources/stream-backup";
import { pgBinary, psqlRows, replicationArgs } from "./pg-tools";

export type BaseBackupResult = BackupResult & { startLsn: string; timeline: number; startWal: string };

const START_RE = /write-ahead log start point: ([0-9A-F]+\/[0-9A-F]+) on timeline (\d+)/;

export async function takeBaseBackup(
  repo: Repo,
  conn: ToolConnection,
  opts: { sourceId: string; sourceName: string; host: string; signal?: AbortSignal },
): Promise<BaseBackupResult> {
  const [[segBytes]] = await psqlRows(conn, "select setting from pg_settings where name = 'wal_segment_size'");
  const proc = spawnTool(
    pgBinary("pg_basebackup"),
    ["--format=tar", "--wal-method=none", "--checkpoint=fast", "--pgdata=-", "--verbose", "--no-password", ...replicationArgs(conn)],
    { label: "pg_basebackup", env: conn.env, stdout: "pipe", outputLimit: 8192 },
  );
  proc.stdout.pause();
  const start = await new Promise<{ lsn: string; timeline: number } | null>((resolve) => {
    let seen = "";
    const onData = (c: Buffer) => {
      seen = (seen + c.toString("utf8")).slice(-4096);
      const m = START_RE.exec(seen);
      if (m) {
        proc.child.stderr!.off("data", onData);
        resolve({ lsn: m[1], timeline: Number(m[2]) });
      }
    };
    proc.child.stderr!.on("data", onData);
    void proc.exited.then(() => resolve(null));
  });
  if (!start) {
    const exit = await proc.exited;
    throw new DumpFailed(opts.sourceName, "pg_basebackup", exit, proc.output.text() || `pg_basebackup ${describeExit(exit)}`);
  }
  const startWal = segmentName(start.timeline, start.lsn, Number(segBytes));
  const result = await backupToolOutput(repo, proc, {
    sourceName: opts.sourceName,
    filename: BASE_BACKUP_FILENAME,
    tags: baseBackupTags(opts.sourceId, startWal, start.timeline),
    host: opts.host,
    signal: opts.signal,
  });
  return { ...result, startLsn: start.lsn, timeline: start.timeline, startWal };
}
