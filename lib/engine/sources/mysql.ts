/* MySQL/MariaDB source: `mariadb-dump --single-transaction --quick --routines --triggers --events`
 * (one consistent InnoDB snapshot, rows streamed rather than buffered) into `restic backup --stdin`;
 * restored by streaming `restic dump` into the `mariadb` client. The dump names no database (no
 * CREATE DATABASE / USE), so it restores into whichever database the target source names. MySQL DDL
 * commits implicitly, so a restore is not one transaction: a restore that fails midway leaves the
 * database partly restored (the safety backup taken before a restore is the way back). A truncated
 * dump never reaches the client's EOF (stream-backup kills it first). Password only as MYSQL_PWD. The
 * dump is read as it streams for its completion line and its row counts (mysql-dump-scan.ts). */
import type { BackupResult, OnProgress, Repo } from "../types";
import { spawnTool, type ToolProcess } from "./child";
import { dumpFileName, mysqlConnection, type ToolConnection, withDumpPath } from "./database-connection";
import { SourceConfigInvalid } from "./errors";
import { MysqlDumpScan } from "./mysql-dump-scan";
import { backupToolOutput, restoreIntoTool, type StoredFile } from "./stream-backup";
import { parseSource, ZDatabaseSource, type BackupSourceOptions, type SourceSpec } from "./types";

export function mysqlToolConnection(source: SourceSpec): ToolConnection {
  const parsed = parseSource(ZDatabaseSource, source);
  try {
    return mysqlConnection(parsed);
  } catch (e) {
    throw new SourceConfigInvalid(source.name, `${(e as Error).message}.`);
  }
}

export function spawnMysqlDump(conn: ToolConnection): ToolProcess {
  const args = [
    ...conn.args,
    "--single-transaction",
    "--quick",
    "--routines",
    "--triggers",
    "--events",
    "--hex-blob", // binary columns survive any client character set
    "--skip-dump-date", // identical data → identical dump → nothing new for restic to store
    "--",
    conn.database,
  ];
  return spawnTool("mariadb-dump", args, { label: "mariadb-dump", env: conn.env, stdout: "pipe", bufferStdout: true });
}

export function spawnMysqlClient(conn: ToolConnection): ToolProcess {
  return spawnTool(
    "mariadb",
    [...conn.args, "--connect-timeout=15", "--batch", "--binary-mode", `--database=${conn.database}`],
    {
      label: "mariadb",
      env: conn.env,
      stdin: "pipe",
      stdout: "capture",
    },
  );
}

export async function backupMysql(repo: Repo, source: SourceSpec, opts: BackupSourceOptions): Promise<BackupResult> {
  const conn = mysqlToolConnection(source);
  const scan = new MysqlDumpScan();
  const filename = dumpFileName(conn.database, "sql");
  const res = await backupToolOutput(repo, spawnMysqlDump(conn), {
    observe: scan,
    sourceName: source.name,
    filename,
    tags: opts.tags,
    host: opts.host,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  return { ...res, proof: withDumpPath(scan.result(), filename) };
}

export async function restoreMysql(
  repo: Repo,
  target: SourceSpec,
  snapshot: StoredFile,
  opts: { signal?: AbortSignal; onProgress?: OnProgress; targetReady?: Promise<unknown> } = {},
): Promise<string> {
  const conn = mysqlToolConnection(target);
  await restoreIntoTool(repo, () => spawnMysqlClient(conn), { sourceName: target.name, ...snapshot, ...opts });
  return conn.database;
}
