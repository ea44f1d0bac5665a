/* Fast paths for repositories on a local path: restic names every snapshot and lock file by its id
 * (the SHA-256 of the encrypted file), so listing a folder answers "which snapshot has this short id?"
 * and "is any lock held?" without starting restic (each restic start costs ~0.3–0.5 s of key
 * derivation, more than an unchanged backup of a small folder takes). Nothing is decrypted or written
 * here. Every function answers `undefined` when it cannot tell (not a local repository, folder
 * unreadable); callers then ask restic as before. */
import fsp from "node:fs/promises";
import path from "node:path";
import type { Repo } from "../types";

const FULL_ID = /^[0-9a-f]{64}$/;

/** The repository's folder when it is a local path (`/srv/backups` or `local:/srv/backups`). */
export function localRepoDir(repo: Repo): string | undefined {
  const url = repo.url.startsWith("local:") ? repo.url.slice("local:".length) : repo.url;
  return path.isAbsolute(url) ? url : undefined;
}

async function idsIn(repo: Repo, folder: "snapshots" | "locks"): Promise<string[] | undefined> {
  const dir = localRepoDir(repo);
  if (!dir) return undefined;
  try {
    return (await fsp.readdir(path.join(dir, folder))).filter((n) => FULL_ID.test(n));
  } catch {
    return undefined;
  }
}

/** Full ids of the snapshots whose id starts with `prefix`; undefined when the folder can't be read. */
export async function localSnapshotIds(repo: Repo, prefix: string): Promise<string[] | undefined> {
  return (await idsIn(repo, "snapshots"))?.filter((id) => id.startsWith(prefix));
}

/** Whether any process holds a lock on the repository right now; undefined when it can't be told. */
export async function localHasLocks(repo: Repo): Promise<boolean | undefined> {
  const ids = await idsIn(repo, "locks");
  return ids === undefined ? undefined : ids.length > 0;
}

/** Which of these full snapshot ids the repository's snapshot folder holds (a snapshot restic saved is
 * a file there); undefined when it can't be told (then list with restic). */
export async function localListedSnapshots(repo: Repo, ids: string[]): Promise<Set<string> | undefined> {
  const all = await idsIn(repo, "snapshots");
  if (!all) return undefined;
  const want = new Set(ids);
  return new Set(all.filter((id) => want.has(id)));
}
