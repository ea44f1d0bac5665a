/* Step 1 of a restore to a time: the chosen base backup unpacked into `<scratch>/data` (`restic dump
 * base.tar | tar -x`), then the chain's WAL files restored from their batch snapshots — in the
 * background, a few batches at once (WAL_FETCH_PARALLEL), while PostgreSQL already replays — into a flat `<scratch>/wal` folder under the names
 * PostgreSQL asks for (a `.partial` becomes its segment's name). Each file is owned by postgres and
 * renamed into `wal/` only when complete, so the `restore_command` script (./restore-command.ts) that
 * waits for an expected name never copies half a file. Nothing outside the scratch folder is written. */
import { spawn } from "node:child_process";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { dumpFile, restoreSnapshot, type Repo } from "@/lib/engine";
import type { Chain } from "../inventory/window";
import { asRoot, runOk } from "./proc";

export type RecoveryFiles = {
  data: string;
  wal: string;
  /** the WAL names the chain provides (the restore_command waits for these, refuses any other) */
  expected: string[];
  /** settles when every WAL file is in `wal/`; resolves to their total size */
  walFetched: Promise<number>;
};

export const FETCH_FAILED = "fetch-failed";

export async function fetchRecoveryFiles(
  repo: Repo,
  chain: Chain,
  scratch: string,
  signal?: AbortSignal,
): Promise<RecoveryFiles> {
  const data = path.join(scratch, "data");
  const wal = path.join(scratch, "wal");
  await mkdir(data, { recursive: true, mode: 0o700 });
  await mkdir(wal, { recursive: true, mode: 0o700 });
  if (asRoot()) await runOk("chown", ["postgres:postgres", scratch, wal]);
  const walFetched = fetchWal(repo, chain, scratch, wal, signal);
  walFetched.catch(() => writeFile(path.join(scratch, FETCH_FAILED), "").catch(() => undefined));
  try {
    await unpackBase(repo, chain, data, signal);
  } catch (e) {
    await walFetched.catch(() => undefined);
    throw e;
  }
  if (asRoot()) await runOk("chown", ["-R", "postgres:postgres", data]);
  await runOk("chmod", ["700", data]);
  return { data, wal, expected: chain.files.map((f) => f.segment), walFetched };
}

/** How many WAL batch snapshots are restored at once (restic restore each; the base.tar dump runs too). */
export const WAL_FETCH_PARALLEL = 3;

async function fetchWal(repo: Repo, chain: Chain, scratch: string, wal: string, signal?: AbortSignal) {
  const bySnapshot = new Map<string, Chain["files"]>();
  for (const f of chain.files) bySnapshot.set(f.snapshotId, [...(bySnapshot.get(f.snapshotId) ?? []), f]);
  // In chain order (replay needs the oldest first), WAL_FETCH_PARALLEL at a time; each batch's files are
  // renamed into wal/ as soon as its restore ends. The first failure stops the others from starting.
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
  // Every lane settles before the result (nothing keeps writing into a scratch folder being removed).
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(WAL_FETCH_PARALLEL, batches.length) }, lane));
  const failure = lanes.find((l) => l.status === "rejected");
  if (failure) throw failure.reason;
  return bytes;
}

async function unpackBase(repo: Repo, chain: Chain, data: string, signal?: AbortSignal) {
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
