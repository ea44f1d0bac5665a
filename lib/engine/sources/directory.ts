/* Directory source: `restic backup <path>` with the source's exclude patterns (restic syntax, e.g.
 * `node_modules`, `*.tmp`, `/srv/app/cache`), or — for a safety backup before a restore of selected
 * files — `restic backup` of just those entries, tagged `folder:<path>` (a partial snapshot; see
 * partial-snapshot.ts). Restores are staged first (restic restores into a hidden directory on the
 * target's filesystem) so a failed or cancelled restore leaves the target untouched, then placed by
 * directory-place.ts in the chosen mode: "mirror" (default: the folder equals the backup, files added
 * since are removed) or "merge" (files added since stay); paths the source excludes are never deleted.
 *  - whole directory, in place (or a mount point, entry by entry);
 *  - into a new path (`targetPath`): the path must not exist or be empty;
 *  - selected files/folders (`paths`), and every restore from a partial snapshot: only those entries
 *    are restored (`--include`), each placed in the chosen mode; everything else is left alone.
 * Owns path mapping between the snapshot (absolute original paths) and the target; restic is driven
 * through the wrapper only. */
import fsp from "node:fs/promises";
import path from "node:path";
import { backupPaths } from "../restic/backup";
import { restoreSnapshot } from "../restic/restore";
import type { BackupResult, Repo } from "../types";
import { placeRestored, type RestoreMode } from "./directory-place";
import { folderTag, type SnapshotContents } from "./partial-snapshot";
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
  const entries = opts.paths ? await existingEntries(dir, opts.paths, source.name) : undefined;
  return backupPaths(repo, {
    paths: entries ?? [dir],
    excludes: config.exclude,
    tags: entries ? [...opts.tags, folderTag(dir)] : opts.tags,
    host: opts.host,
    parent: opts.parent,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
}

/** The live entries to back up for a partial snapshot: inside the folder, and present (a file that does
 * not exist now has nothing to save; the caller leaves such paths out, this re-checks). */
async function existingEntries(dir: string, paths: string[], sourceName: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let abs: string;
    try {
      abs = snapshotPathFor(dir, p);
    } catch (e) {
      throw new SourceConfigInvalid(sourceName, `${(e as Error).message}.`);
    }
    if (await fsp.lstat(abs).catch(() => null)) out.push(abs);
  }
  if (!out.length) throw new SourceConfigInvalid(sourceName, `none of the chosen files exist in ${dir}.`);
  return [...new Set(out)];
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
  /** `describe` looks up what the snapshot holds (one restic call): the backed-up folder, and for a
   * partial snapshot (a safety backup of selected files) the entries it holds. */
  snapshot: { snapshotId: string; describe: () => Promise<SnapshotContents> },
  opts: { paths?: string[]; targetPath?: string; mode?: RestoreMode; signal?: AbortSignal },
): Promise<string> {
  const { config } = parseSource(ZDirectorySource, target);
  const dest = path.resolve(opts.targetPath ?? config.path);
  const fail = (detail: string) => new RestoreFailed(target.name, "the folder restore", detail);
  const contents = await snapshot.describe();
  const root = contents.folder;
  let selected: string[] | undefined;
  // A partial snapshot never replaces the whole folder: only the entries it holds are put back.
  const requested = opts.paths?.length ? opts.paths : contents.entries;
  if (requested?.length) {
    try {
      selected = requested.map((p) => snapshotPathFor(root, p));
    } catch (e) {
      throw fail((e as Error).message);
    }
    if (selected.includes(root) && !contents.entries) selected = undefined; // the whole folder was selected
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
  // Excluded paths belong to the live folder (a new path has none worth keeping).
  const place = {
    mode: opts.mode ?? "mirror",
    excludes: opts.targetPath ? [] : config.exclude,
    skipNames: stagingParent === dest ? [path.basename(staging)] : [],
  };
  try {
    await restoreSnapshot(repo, {
      snapshotId: snapshot.snapshotId,
      target: staging,
      include: selected,
      signal: opts.signal,
    });
    opts.signal?.throwIfAborted();
    const stagedRoot = path.join(staging, root);
    if (selected) {
      for (const p of selected) {
        const from = path.join(staging, p);
        const to = path.join(dest, path.posix.relative(root, p));
        if (!(await fsp.lstat(from).catch(() => null))) throw fail(`found no "${p}" in the backup`);
        await fsp.mkdir(path.dirname(to), { recursive: true });
        // The folder itself may be selected (a partial snapshot of "/"): then staging sits inside it.
        await placeRestored(from, to, { ...place, skipNames: to === dest ? place.skipNames : [] });
      }
    } else if (!(await fsp.lstat(stagedRoot).catch(() => null))) {
      throw fail(`found no folder ${root} in the backup`);
    } else {
      await placeRestored(stagedRoot, dest, place);
    }
    return dest;
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
