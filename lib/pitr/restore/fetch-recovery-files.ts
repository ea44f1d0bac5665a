/* Step 1 of a restore to a time: the chosen base backup unpacked into `<scratch>/data`, then the chain's
 * WAL files restored from their batch snapshots — in the background, a few batches at once
 * (WAL_FETCH_PARALLEL), while PostgreSQL already replays — into a flat `<scratch>/wal` folder under the
 * names PostgreSQL asks for (a `.partial` becomes its segment's name). Each file is owned by postgres and
 * renamed into `wal/` only when complete, so the `restore_command` script (./restore-command.ts) that
 * waits for an expected name never copies half a file. Nothing outside the scratch folder is written.
 *
 * The base backup is the critical path (replay cannot start before the data directory is whole). By
 * default it comes out with `restic restore --include base.tar` into the scratch folder (restic 0.14's
 * restore reads packs in parallel; its `dump` is one stream), then `tar -x` of that file, which is then
 * removed — the scratch folder briefly holds base.tar twice. `baseVia: "dump"` streams `restic dump |
 * tar -x` instead (no second copy on disk). The WAL fetch waits until the data directory is whole
 * (`walLanesDuringBase`: batches restored meanwhile, default none), so on few cores it does not slow the
 * critical path; then WAL_FETCH_PARALLEL batches at a time beside the replay, which is one process. Figures:
 * notes/pitrfast.md. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { dumpFile, restoreSnapshot, type Repo } from "@/lib/engine";
import type { Chain } from "../inventory/window";
import { asRoot, run, runOk } from "./proc";

export type RecoveryFiles = {
  data: string;
  wal: string;
  /** the WAL names the chain provides (the restore_command waits for these, refuses any other) */
  expected: string[];
  /** settles when every WAL file is in `wal/`; resolves to their total size */
  walFetched: Promise<number>;
};

export const FETCH_FAILED = "fetch-failed";

export type FetchOptions = {
  signal?: AbortSignal;
  /** how base.tar leaves the repository (default "restore") */
  baseVia?: "restore" | "dump";
  /** WAL batches restored at once while the base backup comes out (default 0; WAL_FETCH_PARALLEL after) */
  walLanesDuringBase?: number;
};

export async function fetchRecoveryFiles(
  repo: Repo,
  chain: Chain,
  scratch: string,
  opts: FetchOptions = {},
): Promise<RecoveryFiles> {
  const { signal } = opts;
  const data = path.join(scratch, "data");
  const wal = path.join(scratch, "wal");
  await mkdir(data, { recursive: true, mode: 0o700 });
  await mkdir(wal, { recursive: true, mode: 0o700 });
  if (asRoot()) await runOk("chown", ["postgres:postgres", scratch, wal]);
  const walFetch = fetchWal(repo, chain, scratch, wal, opts.walLanesDuringBase ?? 0, signal);
  walFetch.done.catch(() => writeFile(path.join(scratch, FETCH_FAILED), "").catch(() => undefined));
  try {
    if (opts.baseVia === "dump") await dumpBase(repo, chain, data, signal);
    else await restoreBase(repo, chain, scratch, data, signal);
  } catch (e) {
    walFetch.stop();
    await walFetch.done.catch(() => undefined);
    throw e;
  }
  walFetch.widen();
  if (asRoot()) await runOk("chown", ["-R", "postgres:postgres", data]);
  await runOk("chmod", ["700", data]);
  return { data, wal, expected: chain.files.map((f) => f.segment), walFetched: walFetch.done };
}

/** How many WAL batch snapshots are restored at once once the base backup is unpacked (restic restore each). */
export const WAL_FETCH_PARALLEL = 3;

/** The chain's batches in chain order (replay needs the oldest first), `initialLanes` at a time until
 * `widen()` (then WAL_FETCH_PARALLEL); each batch's files are renamed into wal/ as soon as its restore
 * ends. The first failure (or `stop()`) keeps further batches from starting; `done` settles only when
 * every lane has (nothing keeps writing into a scratch folder being removed). */
function fetchWal(repo: Repo, chain: Chain, scratch: string, wal: string, initialLanes: number, signal?: AbortSignal) {
  const bySnapshot = new Map<string, Chain["files"]>();
  for (const f of chain.files) bySnapshot.set(f.snapshotId, [...(bySnapshot.get(f.snapshotId) ?? []), f]);
  const batches = [...bySnapshot];
  let next = 0;
  let bytes = 0;
  let failed = false;
  const one = async (i: number) => {
    const [snapshotId, files] = batches[i]!;
    const stage = path.join(scratch, `stage-${i}`);
    try {
      await restoreSnapshot(repo, { snapshotId, target: stage, include: files.map((f) => f.path), signal });
      if (asRoot()) await runOk("chown", ["-R", "postgres:postgres", stage]);
      for (const f of files) {
        const from = path.join(stage, f.path);
        bytes += (await stat(from)).size;
        await rename(from, path.join(wal, f.segment));
      }
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  };
  const lane = async () => {
    while (!failed && next < batches.length) {
      const i = next++;
      try {
        await one(i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const lanes: Promise<void>[] = [];
  const addLanes = (n: number) => {
    while (lanes.length < Math.min(n, batches.length) && !failed && next < batches.length) lanes.push(lane());
  };
  let released!: () => void;
  const wide = new Promise<void>((r) => {
    released = r;
  });
  addLanes(initialLanes);
  const done = (async () => {
    if (lanes.length === 0) await wide;
    let settled: PromiseSettledResult<void>[] = [];
    while (settled.length !== lanes.length) settled = await Promise.allSettled(lanes);
    const failure = settled.find((l) => l.status === "rejected");
    if (failure) throw failure.reason;
    return bytes;
  })();
  return {
    done,
    widen: () => {
      addLanes(WAL_FETCH_PARALLEL);
      released();
    },
    stop: () => {
      failed = true;
      released();
    },
  };
}

/** `restic restore --include <base.tar>` into the scratch folder, then `tar -x` of it (removed after). */
async function restoreBase(repo: Repo, chain: Chain, scratch: string, data: string, signal?: AbortSignal) {
  const stage = path.join(scratch, "base");
  try {
    await restoreSnapshot(repo, {
      snapshotId: chain.base.snapshotId,
      target: stage,
      include: [chain.base.path],
      signal,
    });
    const tarFile = path.join(stage, chain.base.path);
    if (!existsSync(tarFile)) throw new Error(`The base backup's ${chain.base.path} was not restored from the backup.`);
    const r = await run("tar", ["-x", "-f", tarFile, "-C", data]);
    if (r.code !== 0)
      throw new Error(`Unpacking the base backup failed (tar exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** `restic dump <base.tar> | tar -x`: one stream, no copy of the tar on disk. */
async function dumpBase(repo: Repo, chain: Chain, data: string, signal?: AbortSignal) {
  const dump = dumpFile(repo, { snapshotId: chain.base.snapshotId, path: chain.base.path, signal });
  const tar = spawn("tar", ["-x", "-C", data], { stdio: ["pipe", "ignore", "pipe"] });
  let err = "";
  tar.stderr.on("data", (c) => {
    err = (err + c).slice(-2000);
  });
  const exited = new Promise<number | null>((r) => tar.on("close", r));
  dump.stream.pipe(tar.stdin);
  dump.stream.on("error", () => tar.stdin.destroy());
  tar.stdin.on("error", () => undefined);
  await dump.done;
  const code = await exited;
  if (code !== 0) throw new Error(`Unpacking the base backup failed (tar exit ${code}): ${err.trim()}`);
}
