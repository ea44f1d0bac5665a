/* Stdin backups and other processes' exclusive locks on restic 0.14 (no --retry-lock), against real
 * restic: a real `restic check --read-data` in another process holds an exclusive lock (kept held by
 * pausing it with SIGSTOP, released by letting it finish). A stdin backup waits without reading its
 * input, gives up with RepoLocked after the bounded waits, stops on abort, and succeeds once the lock is
 * released; a stale exclusive lock (its restic killed with kill -9) is cleared instead of waited for. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  Cancelled,
  RepoLocked,
  backupPaths,
  backupStdin,
  configureEngine,
  initRepo,
  listSnapshots,
  resticVersion,
  type LockRetryInfo,
} from "../index";
import type { Repo } from "../types";
import { features } from "./config";
import { readLockFiles } from "./foreign-locks";
import { repoLocks, tempDir, tempRepo, waitFor, writeRandomFile } from "./test-support";

const base = tempDir("lifeboat-foreign-locks-");
const DEFAULT_RETRY = { attempts: 5, initialDelayMs: 2000, maxDelayMs: 30000 };
let repo: Repo;
const started: ChildProcess[] = [];

beforeAll(async () => {
  repo = tempRepo(base, "repo");
  await initRepo(repo);
  const src = path.join(base, "src");
  fs.mkdirSync(src);
  writeRandomFile(path.join(src, "random.bin"), 48 << 20); // check --read-data takes a moment
  await backupPaths(repo, { paths: [src], tags: ["seed"], host: "h" });
});
afterEach(async () => {
  configureEngine({ onLockRetry: null, lockRetry: DEFAULT_RETRY });
  for (const p of started) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGCONT");
    p.kill("SIGKILL");
    await exited;
  }
  // a failed test must not leave its holder's lock to the next one
  spawnSync("restic", ["unlock"], { env: bareEnv() });
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const bareEnv = () =>
  ({
    PATH: process.env.PATH,
    RESTIC_REPOSITORY: repo.url,
    RESTIC_PASSWORD: repo.password,
  }) as unknown as NodeJS.ProcessEnv;

/** A real restic check (exclusive lock on 0.14) in another process, paused with SIGSTOP while it holds
 * its lock. Paused the moment the lock file appears (inotify); if check was faster, try again. */
async function pausedCheck(): Promise<ChildProcess> {
  const locksDir = path.join(repo.url, "locks");
  let lastStderr = "";
  for (let attempt = 1; attempt <= 5; attempt++) {
    const watcher = fs.watch(locksDir);
    const p = spawn("restic", ["check", "--read-data", "--no-cache"], {
      env: bareEnv(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    p.stderr!.on("data", (d) => (lastStderr = (lastStderr + d).slice(-500)));
    started.push(p);
    const exited = new Promise((r) => p.once("exit", r));
    await new Promise<void>((resolve) => {
      watcher.on("change", () => {
        // restic writes "<id>-tmp-<n>" first, then renames it: only the final name is a lock.
        if (finalLocks().length) p.kill("SIGSTOP"), resolve();
      });
      p.once("exit", () => resolve());
    });
    watcher.close();
    if (p.exitCode === null && p.signalCode === null && finalLocks().length === 1) return p;
    p.kill("SIGCONT");
    await exited;
  }
  throw new Error(`could not catch restic check while it held its lock: ${lastStderr}`);
}

const finalLocks = () => repoLocks(repo).filter((n) => /^[0-9a-f]{64}$/.test(n));

/** An input that records when it is first read. */
function producer(data: Buffer) {
  let firstReadAt: number | undefined;
  const stream = new Readable({
    read() {
      firstReadAt ??= Date.now();
      this.push(data);
      this.push(null);
    },
  });
  return { stream, firstReadAt: () => firstReadAt };
}

describe("stdin backups and exclusive locks of other processes", () => {
  it("waits (bounded, abortable, input untouched) and succeeds once the exclusive lock is released", {
    timeout: 120_000,
  }, async (ctx) => {
    if (features(await resticVersion()).retryLock) ctx.skip(); // restic ≥ 0.16 waits itself (--retry-lock)
    const holder = await pausedCheck();
    const locks = await readLockFiles(repo);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ exclusive: true, pid: holder.pid });

    // Bounded: gives up with the holder named, without having read a byte of the input.
    configureEngine({ lockRetry: { attempts: 2, initialDelayMs: 100, maxDelayMs: 100 } });
    const p1 = producer(Buffer.from("never streamed"));
    const err = await backupStdin(repo, { stdin: p1.stream, filename: "db.dump", tags: ["t"], host: "h" }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(RepoLocked);
    expect(err.lockedBy?.pid).toBe(holder.pid);
    expect(err.message).toMatch(/locked exclusively by process \d+/);
    expect(p1.firstReadAt()).toBeUndefined();

    // Abortable while waiting.
    const ac = new AbortController();
    let abortedAt = 0;
    configureEngine({
      lockRetry: { attempts: 30, initialDelayMs: 10_000, maxDelayMs: 10_000 },
      onLockRetry: () => {
        abortedAt = Date.now();
        ac.abort();
      },
    });
    const p2 = producer(Buffer.from("never streamed"));
    await expect(
      backupStdin(repo, { stdin: p2.stream, filename: "db.dump", tags: ["t"], host: "h", signal: ac.signal }),
    ).rejects.toBeInstanceOf(Cancelled);
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(5000); // did not sit out the 10 s wait
    expect(p2.firstReadAt()).toBeUndefined();

    // Released while the backup waits: it then streams and succeeds.
    const infos: LockRetryInfo[] = [];
    // The holder drops its lock after SIGCONT and before its exit event reaches us, so SIGCONT is the
    // earliest moment the lock can be gone: no byte of input may be read before it.
    let releasedNoEarlierThan = 0;
    const holderExit = new Promise<void>((r) => holder.once("exit", () => r()));
    configureEngine({
      lockRetry: { attempts: 60, initialDelayMs: 200, maxDelayMs: 1000 },
      onLockRetry: (i) => {
        infos.push(i);
        if (infos.length === 1) {
          releasedNoEarlierThan = Date.now();
          holder.kill("SIGCONT"); // check finishes and releases its lock
        }
      },
    });
    const data = crypto.randomBytes(3 << 20);
    const p3 = producer(data);
    const r = await backupStdin(repo, { stdin: p3.stream, filename: "db.dump", tags: ["after-wait"], host: "h" });
    await holderExit;
    expect(holder.exitCode).toBe(0);
    expect(infos.length).toBeGreaterThanOrEqual(1);
    expect(infos[0].message).toMatch(new RegExp(`locked exclusively by process ${holder.pid}`));
    expect(releasedNoEarlierThan).toBeGreaterThan(0);
    expect(p3.firstReadAt()).toBeGreaterThanOrEqual(releasedNoEarlierThan);
    expect(r.totalBytes).toBe(data.length);
    expect((await listSnapshots(repo, { tags: ["after-wait"] })).map((s) => s.id)).toEqual([r.snapshotId]);
  });

  it("a stale exclusive lock (its restic killed with kill -9) is cleared, not waited for", {
    timeout: 120_000,
  }, async (ctx) => {
    if (features(await resticVersion()).retryLock) ctx.skip();
    const holder = await pausedCheck();
    const exited = new Promise((r) => holder.once("exit", r));
    holder.kill("SIGKILL");
    await exited;
    expect(repoLocks(repo)).toHaveLength(1);
    // The conflict is real: restic alone refuses a stdin backup next to that exclusive lock.
    const raw = spawnSync("restic", ["backup", "--stdin", "--stdin-filename", "raw", "--no-cache"], {
      env: bareEnv(),
      input: "x",
    });
    expect(raw.status).not.toBe(0);
    expect(raw.stderr.toString()).toMatch(/locked exclusively by PID/);

    const infos: LockRetryInfo[] = [];
    configureEngine({ lockRetry: { attempts: 1 }, onLockRetry: (i) => infos.push(i) });
    const r = await backupStdin(repo, {
      stdin: producer(Buffer.from("after a crash\n")).stream,
      filename: "db.dump",
      tags: ["after-stale"],
      host: "h",
    });
    expect(r.totalBytes).toBe(14);
    expect(infos.map((i) => i.staleLockRemoved?.pid)).toEqual([holder.pid]);
    expect(repoLocks(repo)).toEqual([]);
  });
});
