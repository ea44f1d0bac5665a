/* Step 1 of a restore to a time: the chosen base backup unpacked into `<scratch>/data` (`restic dump
 * base.tar | tar -x`) and the chain's WAL files restored from their batch snapshots into a flat
 * `<scratch>/wal` folder under the names PostgreSQL asks for (a `.partial` becomes its segment's name),
 * everything owned by the postgres user. Nothing outside the scratch folder is written. */
import { spawn } from "node:child_process";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { dumpFile, restoreSnapshot, type Repo } from "@/lib/engine";
import type { Chain } from "../inventory/window";
import { asRoot, runOk } from "./proc";

export async function fetchRecoveryFiles(repo: Repo, chain: Chain, scratch: string, signal?: AbortSignal) {
  const data = path.join(scratch, "data");
  const wal = path.join(scratch, "wal");
  await mkdir(data, { recursive: true, mode: 0o700 });
  await mkdir(wal, { recursive: true, mode: 0o700 });
  await unpackBase(repo, chain, data, signal);
  const bySnapshot = new Map<string, Chain["files"]>();
  for (const f of chain.files) bySnapshot.set(f.snapshotId, [...(bySnapshot.get(f.snapshotId) ?? []), f]);
  const stage = path.join(scratch, "stage");
  for (const [snapshotId, files] of bySnapshot) {
    await restoreSnapshot(repo, { snapshotId, target: stage, include: files.map((f) => f.path), signal });
    for (const f of files) await rename(path.join(stage, f.path), path.join(wal, f.segment));
    await rm(stage, { recursive: true, force: true });
  }
  if (asRoot()) await runOk("chown", ["-R", "postgres:postgres", scratch]);
  await runOk("chmod", ["700", data]);
  return { data, wal, bytes: await folderBytes(wal) };
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

async function folderBytes(dir: string): Promise<number> {
  let n = 0;
  for (const f of await readdir(dir)) n += (await stat(path.join(dir, f))).size;
  return n;
}
