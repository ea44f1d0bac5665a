/* Fault tests against real restic: a repository lock held by another process (fails after bounded
 * retries, succeeds once released), a corrupted pack found by check, the engine process killed with
 * SIGKILL mid-backup (then unlock + backup + check succeed), and AbortSignal cancellation. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Cancelled,
  CheckFailed,
  RepoLocked,
  backupPaths,
  backupStdin,
  check,
  configureEngine,
  initRepo,
  listSnapshots,
  unlock,
  type LockRetryInfo,
} from "../index";
import { Readable } from "node:stream";
import { repoLocks, tempDir, tempRepo, waitFor, writeRandomFile } from "./test-support";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "../../..");
const base = tempDir();
const bigDir = path.join(base, "big");
const BIG = 100 * 1024 * 1024;

beforeAll(() => {
  fs.mkdirSync(bigDir);
  writeRandomFile(path.join(bigDir, "random.bin"), BIG);
});
afterAll(() => {
  configureEngine({ onLockRetry: null, lockRetry: { attempts: 5, initialDelayMs: 2000, maxDelayMs: 30000 } });
  fs.rmSync(base, { recursive: true, force: true });
});

/** Another process holding a (non-exclusive) restic lock: a stdin backup whose input stays open. */
function holdLock(repo: { url: string; password: string }): ChildProcess {
  const holder = spawn("restic", ["backup", "--stdin", "--stdin-filename", "held"], {
    env: {
      PATH: process.env.PATH,
      RESTIC_REPOSITORY: repo.url,
      RESTIC_PASSWORD: repo.password,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["pipe", "ignore", "ignore"],
  });
  return holder;
}

/** PIDs recorded in a repository's lock files, read with the bare restic CLI. */
function lockHolderPids(repo: { url: string; password: string }): number[] {
  const env = {
    PATH: process.env.PATH,
    RESTIC_REPOSITORY: repo.url,
    RESTIC_PASSWORD: repo.password,
  } as unknown as NodeJS.ProcessEnv;
  const ids = spawnSync("restic", ["list", "locks", "--no-lock"], { env })
    .stdout.toString()
    .split("\n")
    .filter(Boolean);
  return ids.map(
    (id) => JSON.parse(spawnSync("restic", ["cat", "lock", id, "--no-lock"], { env }).stdout.toString()).pid as number,
  );
}

describe("restic faults", () => {
  it("a lock held by another process: RepoLocked after bounded retries, success once it is released", async () => {
    const repo = tempRepo(base, "locked");
    await initRepo(repo);
    const holder = holdLock(repo);
    const exited = new Promise((r) => holder.once("exit", r));
    await waitFor(() => repoLocks(repo).length === 1, 30_000, "the holder's lock");

    const retries: LockRetryInfo[] = [];
    configureEngine({
      lockRetry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 200 },
      onLockRetry: (i) => retries.push(i),
    });
    const err = await check(repo).catch((e) => e);
    expect(err).toBeInstanceOf(RepoLocked);
    expect(err.lockedBy?.pid).toBe(holder.pid);
    expect(err.message).toMatch(/locked by process \d+/);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    // unlock removes stale locks only: the live holder's lock stays.
    await unlock(repo);
    expect(repoLocks(repo)).toHaveLength(1);

    // Release the lock as soon as the engine starts waiting: the next attempt must succeed.
    retries.length = 0;
    configureEngine({
      lockRetry: { attempts: 30, initialDelayMs: 200, maxDelayMs: 1000 },
      onLockRetry: (i) => {
        retries.push(i);
        if (i.attempt === 1) holder.stdin!.end("data");
      },
    });
    await expect(check(repo)).resolves.toMatchObject({ ok: true });
    expect(retries.length).toBeGreaterThanOrEqual(1);
    await exited;
    expect(holder.exitCode).toBe(0);
    configureEngine({ onLockRetry: null });
  });

  it("a corrupted pack file makes check fail with CheckFailed", async () => {
    const repo = tempRepo(base, "corrupt");
    await initRepo(repo);
    await backupStdin(repo, {
      stdin: Readable.from([
        Buffer.alloc(3 << 20, 7),
        fs.readFileSync(path.join(bigDir, "random.bin")).subarray(0, 2 << 20),
      ]),
      filename: "f",
      tags: [],
      host: "h",
    });
    await expect(check(repo, { readDataSubset: "100%" })).resolves.toMatchObject({ ok: true });
    const packs: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else packs.push(path.join(d, e.name));
      }
    };
    walk(path.join(repo.url, "data"));
    const biggest = packs.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    fs.chmodSync(biggest, 0o600);
    const fd = fs.openSync(biggest, "r+");
    fs.writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, 200);
    fs.closeSync(fd);
    const err = await check(repo, { readDataSubset: "100%" }).catch((e) => e);
    expect(err).toBeInstanceOf(CheckFailed);
    expect(err.problems.join("\n")).toMatch(/does not match|error/i);
    expect(err.message).toMatch(/problem/);
  });

  it("AbortSignal cancels a running backup with SIGINT: Cancelled, no lock left, repository healthy", async () => {
    const repo = tempRepo(base, "cancel");
    await initRepo(repo);
    const ac = new AbortController();
    const err = await backupPaths(repo, {
      paths: [bigDir],
      tags: [],
      host: "h",
      signal: ac.signal,
      onProgress: () => ac.abort(),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(Cancelled);
    expect(repoLocks(repo)).toEqual([]);
    expect(await listSnapshots(repo)).toEqual([]);
    await expect(check(repo)).resolves.toMatchObject({ ok: true });
    // Already-aborted signals never start restic.
    await expect(
      backupPaths(repo, { paths: [bigDir], tags: [], host: "h", signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(Cancelled);
  });

  it("the engine process killed with SIGKILL mid-backup: unlock, a new backup and check succeed", async () => {
    const repo = tempRepo(base, "killed");
    await initRepo(repo);
    const script = path.join(base, "backup-child.mts");
    fs.writeFileSync(
      script,
      `import { backupPaths } from ${JSON.stringify(path.join(projectRoot, "lib/engine/index.ts"))};
const repo = JSON.parse(process.env.TEST_REPO!);
let told = false;
await backupPaths(repo, { paths: [${JSON.stringify(bigDir)}], tags: ["killed"], host: "h", onProgress: (p) => {
  if (!told && p.bytesDone > 0) { told = true; console.log("progress " + p.bytesDone); }
} });
console.log("finished");
`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: projectRoot,
      env: { ...process.env, TEST_REPO: JSON.stringify(repo) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = readline.createInterface({ input: child.stdout! });
    const firstLine = await new Promise<string>((resolve) => lines.once("line", resolve));
    expect(firstLine).toMatch(/^progress \d+/);
    const childExit = new Promise((r) => child.once("exit", r));
    process.kill(child.pid!, "SIGKILL");
    await childExit;

    // The orphaned restic dies on its next write to the closed pipe (SIGPIPE) and leaves its lock behind.
    // Wait until the process named in that lock is gone (also reaped), as after a real crash.
    const lockPids = lockHolderPids(repo);
    expect(lockPids.length).toBeGreaterThanOrEqual(1);
    await waitFor(() => lockPids.every((pid) => !fs.existsSync(`/proc/${pid}`)), 60_000, "the orphaned restic to exit");
    expect(repoLocks(repo).length).toBeGreaterThanOrEqual(1);

    await unlock(repo);
    expect(repoLocks(repo)).toEqual([]);
    const r = await backupPaths(repo, { paths: [bigDir], tags: ["after-kill"], host: "h" });
    expect(r.totalBytes).toBe(BIG);
    await expect(check(repo, { readDataSubset: "25%" })).resolves.toMatchObject({ ok: true });
    expect((await listSnapshots(repo)).map((s) => s.tags)).toEqual([["after-kill"]]);
  });
});
