/* SQLite source. Backup: `VACUUM INTO` a private temp file — one read transaction, so the copy is a
 * consistent snapshot even while the app keeps writing (checked and counted before it is streamed:
 * sqlite-proof.ts) (in WAL mode writers are not blocked; in
 * rollback mode they wait at most for the copy) — then the copy is streamed into restic and deleted.
 * This is the one source that touches a temp file: SQLite's consistent copy needs a random-access
 * destination. `.backup` was not used because its page-by-page copy restarts on every concurrent write
 * and may never finish under a busy writer. Restore: `restic dump` into a temp file beside the target,
 * `PRAGMA integrity_check`, the old file's owner and mode copied, stale -wal/-shm/-journal removed (a
 * leftover WAL or hot journal would be replayed onto the restored file and corrupt it), then an atomic
 * rename over the target. The app should be stopped for a restore (hooks): SQLite has no way to swap a
 * database under an open connection. */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { dumpFile } from "../restic/restore";
import type { BackupResult, OnProgress, Repo } from "../types";
import { describeExit, exitedCleanly, spawnTool } from "./child";
import { DumpFailed, RestoreFailed, SourceConfigInvalid } from "./errors";
import { withDumpPath } from "./database-connection";
import { proveSqliteCopy } from "./sqlite-proof";
import { backupToolOutput, countProgress, fileProducer, type StoredFile } from "./stream-backup";
import { parseSource, ZSqliteSource, type BackupSourceOptions, type SourceSpec } from "./types";

const BUSY_TIMEOUT_MS = 60_000;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Makes a consistent copy of the database at `dbPath` into `destPath` (which must not exist). */
export async function sqliteConsistentCopy(sourceName: string, dbPath: string, destPath: string, signal?: AbortSignal) {
  const proc = spawnTool(
    "sqlite3",
    ["-bail", "-batch", "-cmd", `.timeout ${BUSY_TIMEOUT_MS}`, dbPath, `VACUUM INTO ${sqlString(destPath)}`],
    { label: "sqlite3", stdout: "capture" },
  );
  const onAbort = () => proc.kill("SIGTERM");
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const exit = await proc.exited;
    // sqlite3 exits 0 after some errors unless -bail sees them; stderr output is a failure either way.
    if (!exitedCleanly(exit) || /error/i.test(proc.output.text())) {
      throw new DumpFailed(
        sourceName,
        "sqlite3",
        exit.code === 0 ? { code: 1, signal: null } : exit,
        proc.output.text(),
      );
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export async function backupSqlite(repo: Repo, source: SourceSpec, opts: BackupSourceOptions): Promise<BackupResult> {
  const { config } = parseSource(ZSqliteSource, source);
  const dbPath = path.resolve(config.path);
  // sqlite3 would silently create an empty database at a wrong path; refuse instead.
  const st = await fsp.stat(dbPath).catch(() => null);
  if (!st?.isFile()) throw new SourceConfigInvalid(source.name, `there is no SQLite database file at ${dbPath}.`);
  const dir = await fsp.mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), "lifeboat-sqlite-"));
  try {
    await fsp.chmod(dir, 0o700);
    const copy = path.join(dir, "copy.sqlite");
    await sqliteConsistentCopy(source.name, dbPath, copy, opts.signal);
    opts.signal?.throwIfAborted();
    const proof = await proveSqliteCopy(source.name, copy);
    opts.signal?.throwIfAborted();
    const res = await backupToolOutput(repo, fileProducer(copy, "sqlite copy"), {
      sourceName: source.name,
      filename: path.basename(dbPath),
      tags: opts.tags,
      host: opts.host,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    return { ...res, proof: withDumpPath(proof, path.basename(dbPath)) };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

export async function sqliteIntegrityCheck(dbPath: string): Promise<string> {
  const proc = spawnTool("sqlite3", ["-bail", "-batch", "-readonly", dbPath, "PRAGMA integrity_check;"], {
    label: "sqlite3",
    stdout: "capture",
  });
  const exit = await proc.exited;
  const out = proc.output.text().trim();
  return exitedCleanly(exit) ? out : `${describeExit(exit)}: ${out}`;
}

/** Writes the database file from the snapshot to `targetPath`, atomically. */
export async function restoreSqlite(
  repo: Repo,
  target: SourceSpec,
  snapshot: StoredFile,
  opts: { targetPath?: string; signal?: AbortSignal; onProgress?: OnProgress },
): Promise<string> {
  const dest = path.resolve(opts.targetPath ?? parseSource(ZSqliteSource, target).config.path);
  const dir = path.dirname(dest);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(dest)}.lifeboat-restore-${process.pid}-${Date.now().toString(36)}`);
  try {
    const dump = dumpFile(repo, { snapshotId: snapshot.snapshotId, path: snapshot.path, signal: opts.signal });
    countProgress(dump.stream, snapshot.size, opts.onProgress);
    await Promise.all([pipeline(dump.stream, fs.createWriteStream(tmp, { flags: "wx", mode: 0o600 })), dump.done]);
    const fh = await fsp.open(tmp, "r+");
    try {
      await fh.sync();
      const old = await fsp.stat(dest).catch(() => null);
      await fh.chmod(old ? old.mode & 0o7777 : 0o644);
      if (old) await fh.chown(old.uid, old.gid).catch(() => {}); // keep the app's ownership when we may
    } finally {
      await fh.close();
    }
    const check = await sqliteIntegrityCheck(tmp);
    if (check !== "ok") {
      throw new RestoreFailed(
        target.name,
        "the restored SQLite file",
        `failed its integrity check`,
        check.slice(0, 500),
      );
    }
    opts.signal?.throwIfAborted();
    for (const suffix of ["-wal", "-shm", "-journal"]) await fsp.rm(dest + suffix, { force: true });
    await fsp.rename(tmp, dest);
    const dh = await fsp.open(dir, "r");
    await dh.sync().finally(() => dh.close());
    return dest;
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}
