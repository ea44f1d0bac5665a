/* PostgreSQL source: `pg_dump --format=custom --compress=0` streamed into `restic backup --stdin`
 * (uncompressed on purpose: restic's content-defined chunking dedups it between runs and compresses it;
 * a compressed dump is new bytes every time), restored by streaming `restic dump` into
 * `pg_restore --clean --if-exists --no-owner --single-transaction`, so a failed restore leaves the
 * target database as it was. The dump's creation time is fixed in its header (pgdump-header.ts) so an
 * unchanged database dumps byte-identically. Owns the tool arguments; streaming and failure rules are
 * stream-backup's.
 * The password reaches the tools only as PGPASSWORD. The dump's table of contents is checked and its
 * tables counted in its own snapshot while it streams (pg-snapshot.ts, pg-dump-proof.ts). */
import type { BackupResult, OnProgress, Repo } from "../types";
import { spawnTool, type ToolProcess } from "./child";
import { dumpFileName, postgresConnection, type ToolConnection, withDumpPath } from "./database-connection";
import { SourceConfigInvalid } from "./errors";
import { normalisePgDumpHeader } from "./pgdump-header";
import { PgDumpProof } from "./pg-dump-proof";
import { PgSnapshot } from "./pg-snapshot";
import { backupToolOutput, restoreIntoTool, type StoredFile } from "./stream-backup";
import { parseSource, ZDatabaseSource, type BackupSourceOptions, type SourceSpec } from "./types";

export function postgresToolConnection(source: SourceSpec): ToolConnection {
  const parsed = parseSource(ZDatabaseSource, source);
  try {
    return postgresConnection(parsed);
  } catch (e) {
    throw new SourceConfigInvalid(source.name, `${(e as Error).message}.`);
  }
}

export function spawnPgDump(conn: ToolConnection, snapshotId?: string): ToolProcess {
  const snapshot = snapshotId ? [`--snapshot=${snapshotId}`] : [];
  return spawnTool("pg_dump", ["--format=custom", "--compress=0", ...snapshot, ...conn.args], {
    label: "pg_dump",
    env: conn.env,
    stdout: "pipe",
    bufferStdout: true,
  });
}

export function spawnPgRestore(conn: ToolConnection, opts: { intoEmptyDatabase?: boolean } = {}): ToolProcess {
  // --single-transaction implies --exit-on-error: all or nothing. A database just created empty (a test
  // restore's scratch copy) has nothing to clean or protect: one transaction there only costs time
  // (~15 % on pgbench scale 20), and --exit-on-error still fails the load on its first error.
  const mode = opts.intoEmptyDatabase ? ["--exit-on-error"] : ["--clean", "--if-exists", "--single-transaction"];
  return spawnTool("pg_restore", [...mode, "--no-owner", ...conn.args], {
    label: "pg_restore",
    env: conn.env,
    stdin: "pipe",
    stdout: "capture",
  });
}

/** The dump runs in a snapshot exported by a counting transaction (pg-snapshot.ts), so the manifest's
 * row counts are the dump's; when that connection cannot be opened the dump runs as before and the
 * missing counts are a warning. */
export async function backupPostgres(repo: Repo, source: SourceSpec, opts: BackupSourceOptions): Promise<BackupResult> {
  const conn = postgresToolConnection(source);
  let snap: PgSnapshot | null = null;
  let why: string | null = null;
  try {
    snap = await PgSnapshot.open(parseSource(ZDatabaseSource, source));
  } catch (e) {
    why = `the counting connection could not be opened (${(e as Error).message})`;
  }
  const proof = new PgDumpProof(snap ? snap.countTables() : null, why);
  const filename = dumpFileName(conn.database, "pgdump");
  try {
    const res = await backupToolOutput(repo, spawnPgDump(conn, snap?.id), {
      // Reproducible output: an unchanged database then adds (almost) nothing to the repository.
      gate: normalisePgDumpHeader(),
      observe: proof,
      sourceName: source.name,
      filename,
      tags: opts.tags,
      host: opts.host,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    return { ...res, proof: withDumpPath(proof.result(), filename) };
  } finally {
    proof.dispose();
    await snap?.close();
  }
}

/** Restores the dump at `fileInSnapshot` into the target source's database; returns its name. */
export async function restorePostgres(
  repo: Repo,
  target: SourceSpec,
  snapshot: StoredFile,
  opts: {
    signal?: AbortSignal;
    onProgress?: OnProgress;
    intoEmptyDatabase?: boolean;
    targetReady?: Promise<unknown>;
  } = {},
): Promise<string> {
  const conn = postgresToolConnection(target);
  const { intoEmptyDatabase, ...rest } = opts;
  await restoreIntoTool(repo, () => spawnPgRestore(conn, { intoEmptyDatabase }), {
    sourceName: target.name,
    ...snapshot,
    ...rest,
  });
  return conn.database;
}
