/* Directory source: `restic backup <path>` with the source's exclude patterns (restic syntax, e.g.
 * `node_modules`, `*.tmp`, `/srv/app/cache`). Restores come in three shapes, all staged first so a
 * failed or cancelled restore leaves the target untouched:
 *  - whole directory, in place: restic restores into a hidden staging directory beside the target (same
 *    filesystem), then the target is swapped with two renames — the old tree is kept until the new one
 *    is in place, then deleted. The directory afterwards equals the snapshot exactly (restic 0.14's
 *    restore never deletes extra files; the swap does). When the target is a mount point it cannot be
 *    renamed: the staging directory is made inside it and its contents are replaced entry by entry.
 *  - into a new path (`targetPath`): the same, but the path must not exist or be empty.
 *  - selected files/folders (`paths`): only those are restored (`--include`) and each is replaced
 *    exactly (a folder by a swap); everything else in the target is left alone.
 * Owns path mapping between the snapshot (absolute original paths) and the target; restic is driven
 * through the wrapper only. */
import fsp from "node:fs/promises";
import path from "node:path";
import { backupPaths } from "../restic/backup";
import { restoreSnapshot } from "../restic/restore";
import type { BackupResult, Repo } from "../types";
import { RestoreFailed, SourceConfigInvalid } from "./errors";
import { parseSource, ZDirectorySource, type BackupSourceOptions, type SourceSpec } from "./types";

export async function backupDirectory(
  repo: Repo,
  source: SourceSpec,
  opts: BackupSourceOptions,
): Promise<BackupResult> {
  const { config } = parseSource(ZDirectorySource, source);
  const dir = path.resolve(config.path);
  const st = await fsp.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new SourceConfigInvalid(source.name, `there is no directory at ${dir}.`);
  return backupPaths(repo, {
    paths: [dir],
    excludes: config.exclude,
    tags: opts.tags,
    host: opts.host,
    parent: opts.parent,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
}

/** Maps a requested path (absolute as in the snapshot, or relative to the backed-up directory) to the
 * path inside the snapshot; refuses anything that leaves the backed-up directory. */
export function snapshotPathFor(root: string, requested: string): string {
  const r = requested.trim();
  const abs =
    r === root || r.startsWith(root === "/" ? "/" : `${root}/`) ? r : path.posix.join(root, r.replace(/^\/+/, ""));
  const norm = path.posix.normalize(abs).replace(/\/+$/, "") || "/";
  if (norm !== root && !norm.startsWith(root === "/" ? "/" : `${root}/`)) {
    throw new Error(`"${requested}" is outside the backed-up folder ${root}`);
  }
  return norm;
}

export async function restoreDirectory(
  repo: Repo,
  target: SourceSpec,
  /** `folder` looks up the backed-up folder's path in the snapshot (one restic call): selected paths
   * need it first; a whole-folder restore reads it from restic's own output and asks only when that
   * does not check out against the restored tree. */
  snapshot: { snapshotId: string; folder: () => Promise<string> },
  opts: { paths?: string[]; targetPath?: string; signal?: AbortSignal },
): Promise<string> {
  const dest = path.resolve(opts.targetPath ?? parseSource(ZDirectorySource, target).config.path);
  const fail = (detail: string) => new RestoreFailed(target.name, "the folder restore", detail);
  let selected: string[] | undefined;
  let knownRoot: string | undefined;
  if (opts.paths?.length) {
    const root = (knownRoot = await snapshot.folder());
    try {
      selected = opts.paths.map((p) => snapshotPathFor(root, p));
    } catch (e) {
      throw fail((e as Error).message);
    }
    if (selected.includes(root)) selected = undefined; // the whole folder was selected
  }

  const existing = await fsp.stat(dest).catch(() => null);
  if (existing && !existing.isDirectory()) throw fail(`could not replace ${dest}: it is not a folder`);
  if (opts.targetPath && existing && (await fsp.readdir(dest)).length > 0 && !selected) {
    throw fail(`needs an empty or new folder, but ${dest} already has files in it`);
  }
  const parent = path.dirname(dest);
  await fsp.mkdir(parent, { recursive: true });
  const isMountPoint = existing ? (await fsp.stat(parent)).dev !== existing.dev : false;
  // Staging must be on the target's filesystem so that placing the result is a rename, not a copy.
  const stagingParent = isMountPoint || selected ? dest : parent;
  if (selected) await fsp.mkdir(dest, { recursive: true });
  const staging = await fsp.mkdtemp(path.join(stagingParent, `.${path.basename(dest)}.lifeboat-restore-`));
  try {
    const restored = await restoreSnapshot(repo, {
      snapshotId: snapshot.snapshotId,
      target: staging,
      include: selected,
      signal: opts.signal,
    });
    opts.signal?.throwIfAborted();
    const root =
      knownRoot ?? ((await isOnlyPathIn(staging, restored.pathsHint)) ? restored.pathsHint! : await snapshot.folder());
    const stagedRoot = path.join(staging, root);
    if (selected) {
      for (const p of selected) {
        const from = path.join(staging, p);
        const to = path.join(dest, path.posix.relative(root, p));
        if (!(await fsp.lstat(from).catch(() => null))) throw fail(`found no "${p}" in the backup`);
        await fsp.mkdir(path.dirname(to), { recursive: true });
        await replaceEntry(from, to);
      }
    } else if (!(await fsp.lstat(stagedRoot).catch(() => null))) {
      throw fail(`found no folder ${root} in the backup`);
    } else if (isMountPoint) {
      await replaceContents(stagedRoot, dest, path.basename(staging));
    } else {
      await replaceEntry(stagedRoot, dest);
    }
    return dest;
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** Whether `staging` holds exactly one path, `candidate` (absolute, as in the snapshot), as a folder:
 * every folder on the way down has that one entry. This proves a one-folder snapshot restored there. */
export async function isOnlyPathIn(staging: string, candidate: string | undefined): Promise<boolean> {
  if (!candidate || !path.posix.isAbsolute(candidate) || path.posix.normalize(candidate) !== candidate) return false;
  let dir = staging;
  for (const part of candidate.split("/").filter(Boolean)) {
    const entries = await fsp.readdir(dir).catch(() => null);
    if (!entries || entries.length !== 1 || entries[0] !== part) return false;
    dir = path.join(dir, part);
  }
  return (await fsp.lstat(dir).catch(() => null))?.isDirectory() ?? false;
}

/** Puts `from` at `to` (same filesystem): the old entry is moved aside, the new one renamed in, and
 * only then the old one deleted; if the second rename fails the old entry goes back. */
async function replaceEntry(from: string, to: string): Promise<void> {
  const old = await fsp.lstat(to).catch(() => null);
  if (!old) return fsp.rename(from, to);
  if (!old.isDirectory()) return fsp.rename(from, to); // rename(2) replaces a file atomically
  const aside = `${path.join(path.dirname(to), `.${path.basename(to)}.lifeboat-previous-`)}${Date.now().toString(36)}`;
  await fsp.rename(to, aside);
  try {
    await fsp.rename(from, to);
  } catch (e) {
    await fsp.rename(aside, to);
    throw e;
  }
  await fsp.rm(aside, { recursive: true, force: true });
}

/** For a mount point: make `dest`'s entries equal `stagedRoot`'s (the staging dir itself is skipped). */
async function replaceContents(stagedRoot: string, dest: string, stagingName: string): Promise<void> {
  const wanted = new Set(await fsp.readdir(stagedRoot));
  for (const name of await fsp.readdir(dest)) {
    if (name !== stagingName && !wanted.has(name))
      await fsp.rm(path.join(dest, name), { recursive: true, force: true });
  }
  for (const name of wanted) await replaceEntry(path.join(stagedRoot, name), path.join(dest, name));
  const st = await fsp.stat(stagedRoot);
  await fsp.chmod(dest, st.mode & 0o7777);
  await fsp.chown(dest, st.uid, st.gid).catch(() => {});
}
