/* Stale restic locks against real restic: a lock left by a restic killed with kill -9 in the middle of a
 * backup is removed automatically (plain `restic unlock`) before check, forget and prune, and reported
 * through onLockRetry; a lock held by a live restic, and one left by a dead restic on another host
 * (a real lock written from a separate UTS namespace with another host name), are never removed. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { Readable } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  RepoLocked,
  backupStdin,
  check,
  configureEngine,
  forget,
  initRepo,
  listSnapshots,
  prune,
  type LockRetryInfo,
} from "../index";
import type { Repo } from "../types";
import { repoLocks, tempDir, tempRepo, waitFor } from "./test-support";

const base = tempDir("lifeboat-stale-");
const DEFAULT_RETRY = { attempts: 5, initialDelayMs: 2000, maxDelayMs: 30000 };
afterEach(() => configureEngine({ onLockRetry: null, lockRetry: DEFAULT_RETRY }));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** Only what restic needs (no inherited RESTIC_* from the runner); HOME/XDG_CACHE_HOME point at the
 * test's cache so restic never warns about or falls back on a missing cache directory. */
const bareEnv = (repo: Repo) =>
  ({
    PATH: process.env.PATH,
    HOME: base,
    XDG_CACHE_HOME: repo.cacheDir,
    RESTIC_REPOSITORY: repo.url,
    RESTIC_PASSWORD: repo.password,
  }) as unknown as NodeJS.ProcessEnv;

/** A synchronous restic call that throws with restic's own stderr when it fails (never silently ""). */
function resticSync(repo: Repo, args: string[]): string {
  const r = spawnSync("restic", [...args, "--cache-dir", repo.cacheDir!], {
    env: bareEnv(repo),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.error || r.status !== 0)
    throw new Error(`restic ${args.join(" ")} failed (status ${r.status}, ${r.error ?? r.signal ?? ""}): ${r.stderr}`);
  return r.stdout;
}

/** A real restic in the middle of a stdin backup (holding its lock); `host` runs it under another host name. */
async function startHolder(repo: Repo, host?: string): Promise<ChildProcess> {
  const before = repoLocks(repo).length;
  const args = ["backup", "--stdin", "--stdin-filename", "held", "--cache-dir", repo.cacheDir!];
  const holder = host
    ? // unshare execs the shell, which execs restic: the pid we hold is restic's.
      spawn("unshare", ["-u", "sh", "-c", 'hostname "$1" && shift && exec restic "$@"', "sh", host, ...args], {
        env: bareEnv(repo),
        stdio: ["pipe", "ignore", "ignore"],
      })
    : spawn("restic", args, { env: bareEnv(repo), stdio: ["pipe", "ignore", "ignore"] });
  holder.stdin!.on("error", () => undefined);
  holder.stdin!.write(Buffer.alloc(1 << 20, 1)); // mid-backup: data already streamed
  let exit = "";
  holder.once("exit", (code, signal) => (exit = `the holder exited early (${code ?? signal})`));
  // repoLocks counts only complete (renamed) lock files: restic writes `<id>-tmp-…` first, and killing
  // it before the rename would leave no lock at all (the cause of a flake under load).
  await waitFor(() => repoLocks(repo).length > before || exit !== "", 30_000, "the holder's lock");
  if (exit) throw new Error(exit);
  return holder;
}

async function killHard(p: ChildProcess): Promise<void> {
  const exited = new Promise((r) => p.once("exit", r));
  process.kill(p.pid!, "SIGKILL");
  await exited; // node reaps it: the pid no longer exists
  expect(() => process.kill(p.pid!, 0)).toThrow(/ESRCH/);
}

/** Host names of the locks restic itself sees (not the files on disk). */
function lockHosts(repo: Repo): string[] {
  const ids = resticSync(repo, ["list", "locks", "--no-lock"]).split("\n").filter(Boolean);
  return ids.map((id) => JSON.parse(resticSync(repo, ["cat", "lock", id, "--no-lock"])).hostname as string);
}

describe("stale restic locks", () => {
  it("a lock left by a restic killed with kill -9 mid-backup is cleared before check, forget and prune", {
    timeout: 120_000,
  }, async () => {
    const repo = tempRepo(base, "stale");
    await initRepo(repo);
    for (const n of [1, 2])
      await backupStdin(repo, {
        stdin: Readable.from([Buffer.from(`snapshot ${n}\n`)]),
        filename: "f",
        tags: ["t"],
        host: "h",
      });
    const infos: LockRetryInfo[] = [];
    // No waiting for locks at all: only the stale-lock path can make these succeed.
    configureEngine({ lockRetry: { attempts: 1 }, onLockRetry: (i) => infos.push(i) });

    for (const op of ["check", "forget", "prune"] as const) {
      const holder = await startHolder(repo);
      await killHard(holder);
      expect(repoLocks(repo)).toHaveLength(1);
      expect(lockHosts(repo), op).toEqual([os.hostname()]); // a real lock restic sees, not a leftover temp file
      infos.length = 0;
      if (op === "check") await expect(check(repo)).resolves.toMatchObject({ ok: true });
      if (op === "forget") expect((await forget(repo, { policy: { keepLast: 1 } })).remove).toHaveLength(1);
      if (op === "prune") await prune(repo);
      expect(
        infos.map((i) => i.staleLockRemoved),
        op,
      ).toEqual([{ pid: holder.pid, host: os.hostname() }]);
      expect(infos[0].message).toMatch(new RegExp(`stale lock left by process ${holder.pid}`));
      expect(repoLocks(repo), op).toEqual([]);
    }
    expect(await listSnapshots(repo)).toHaveLength(1);
  });

  it("a lock held by a live restic is never removed", { timeout: 60_000 }, async () => {
    const repo = tempRepo(base, "live");
    await initRepo(repo);
    const holder = await startHolder(repo);
    const infos: LockRetryInfo[] = [];
    configureEngine({
      lockRetry: { attempts: 2, initialDelayMs: 100, maxDelayMs: 100 },
      onLockRetry: (i) => infos.push(i),
    });
    const err = await check(repo).catch((e) => e);
    expect(err).toBeInstanceOf(RepoLocked);
    expect(err.lockedBy?.pid).toBe(holder.pid);
    expect(infos.some((i) => i.staleLockRemoved)).toBe(false);
    expect(repoLocks(repo)).toHaveLength(1);
    const exited = new Promise((r) => holder.once("exit", r));
    holder.stdin!.end();
    await exited;
    expect(holder.exitCode).toBe(0);
    await expect(check(repo)).resolves.toMatchObject({ ok: true });
  });

  it("a lock left by a dead restic on another host is never removed", { timeout: 60_000 }, async () => {
    const repo = tempRepo(base, "other-host");
    await initRepo(repo);
    const holder = await startHolder(repo, "lifeboat-other-host");
    await killHard(holder);
    expect(lockHosts(repo)).toEqual(["lifeboat-other-host"]);
    const infos: LockRetryInfo[] = [];
    configureEngine({ lockRetry: { attempts: 1 }, onLockRetry: (i) => infos.push(i) });
    const err = await check(repo).catch((e) => e);
    expect(err).toBeInstanceOf(RepoLocked);
    expect(err.lockedBy).toMatchObject({ pid: holder.pid, host: "lifeboat-other-host" });
    expect(infos).toEqual([]);
    expect(repoLocks(repo)).toHaveLength(1);
  });
});
