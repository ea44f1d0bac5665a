/* The "whole cluster at that time" output of a restore to a time, without a database: the recovered
 * throwaway cluster is stopped cleanly (a shutdown checkpoint: it starts without recovery), given back
 * its own configuration (scratch-cluster's restoreOriginalConfig), and its data directory moved out of
 * the scratch folder into a download folder `<root>/<restoreId>/` (`data/` + `ready.json` with its
 * expiry). The download streams `tar -c` of `data/` (members relative to it, ready for
 * `tar -x -C <dir>` and `pg_ctl -D <dir> start` with the same major version) and removes the folder once
 * the tar was sent whole; one never fetched is removed at its expiry (sweepClusterDownloads). */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { asPostgres, run, runOk } from "./proc";
import { restoreOriginalConfig, type ScratchCluster } from "./scratch-cluster";

/** How long a prepared cluster waits for its download. */
export const CLUSTER_DOWNLOAD_TTL_MS = 24 * 3600_000;

export type ReadyCluster = { restoreId: string; majorVersion: string; recoveredTo: string | null; expiresAt: string };

/** Stops the recovered cluster cleanly and moves its data directory to `<root>/<restoreId>/data`. */
export async function keepRecoveredCluster(
  c: ScratchCluster,
  root: string,
  restoreId: string,
  recoveredTo: string | null,
  now = Date.now(),
): Promise<ReadyCluster> {
  const stop = await run(...asPostgres(path.join(c.bin, "pg_ctl"), ["-D", c.data, "-m", "fast", "-w", "stop"]));
  if (stop.code !== 0) throw new Error(`The recovered cluster did not stop cleanly: ${stop.stderr.trim()}`);
  const state = await run(path.join(c.bin, "pg_controldata"), [c.data]);
  if (!/Database cluster state:\s+shut down\s*$/m.test(state.stdout)) {
    throw new Error(
      `The recovered cluster is not cleanly shut down (${/cluster state:\s+(.*)/.exec(state.stdout)?.[1]}).`,
    );
  }
  await restoreOriginalConfig(c);
  const dir = path.join(root, restoreId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, "owner.pid"), String(process.pid));
  // mv: a rename on one filesystem, a copy when the scratch root is elsewhere.
  await runOk("mv", [c.data, path.join(dir, "data")]);
  const ready: ReadyCluster = {
    restoreId,
    majorVersion: (await readFile(path.join(dir, "data", "PG_VERSION"), "utf8")).trim(),
    recoveredTo,
    expiresAt: new Date(now + CLUSTER_DOWNLOAD_TTL_MS).toISOString(),
  };
  await writeFile(path.join(dir, "ready.json"), JSON.stringify(ready));
  return ready;
}

export async function readyCluster(root: string, restoreId: string, now = Date.now()): Promise<ReadyCluster | null> {
  const dir = path.join(root, restoreId);
  const ready = await readFile(path.join(dir, "ready.json"), "utf8").then(
    (t) => JSON.parse(t) as ReadyCluster,
    () => null,
  );
  if (!ready || !existsSync(path.join(dir, "data"))) return null;
  if (Date.parse(ready.expiresAt) <= now) {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  return ready;
}

/** `tar -c` of the data directory; `whole` settles true when tar exited 0 and every byte was read. */
export function clusterTar(
  root: string,
  restoreId: string,
): { stream: Readable; whole: Promise<boolean>; stop(): void } {
  const data = path.join(root, restoreId, "data");
  const tar = spawn("tar", ["-c", "-C", data, "."], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  tar.stderr.on("data", (c) => {
    err = (err + c).slice(-2000);
  });
  const whole = new Promise<boolean>((resolve) => {
    let ended = false;
    tar.stdout.once("end", () => {
      ended = true;
    });
    tar.once("close", (code) => resolve(code === 0 && ended && !err.trim()));
  });
  return { stream: tar.stdout, whole, stop: () => tar.kill("SIGTERM") };
}

export async function removeClusterDownload(root: string, restoreId: string) {
  await rm(path.join(root, restoreId), { recursive: true, force: true });
}

/** Removes download folders past their expiry (or without a ready.json: a job killed mid-way). */
export async function sweepClusterDownloads(root: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const id of await readdir(root).catch(() => [] as string[])) {
    const ready = await readFile(path.join(root, id, "ready.json"), "utf8").then(
      (t) => JSON.parse(t) as ReadyCluster,
      () => null,
    );
    if (ready && Date.parse(ready.expiresAt) > now) continue;
    const owner = Number(await readFile(path.join(root, id, "owner.pid"), "utf8").catch(() => "0"));
    if (!ready && owner && alive(owner)) continue; // still being moved in

    await rm(path.join(root, id), { recursive: true, force: true });
    removed.push(id);
  }
  return removed;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
