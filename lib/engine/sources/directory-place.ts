/* Putting a restored (staged) folder in place of a live one, in one of two modes:
 *  - "mirror": the live folder becomes equal to the backup — files added since the backup are removed —
 *    except paths the source EXCLUDES (node_modules/, caches…), which are never deleted or replaced.
 *    Normally a swap (old tree aside, new tree renamed in, excluded entries moved over from the old tree,
 *    then the old tree deleted); for a mount point (cannot be renamed) a merge followed by a prune.
 *  - "merge": every entry of the backup is put back over the live one; files added since stay.
 * Both only rename within one filesystem (the staging directory is made beside or inside the target).
 * Owns these moves and nothing else; restic is not called here. Invariant: an excluded live path is
 * never removed — if it cannot be carried over, the old tree is kept and the error names where. */
import fsp from "node:fs/promises";
import path from "node:path";
import { excludeMatcher } from "./exclude-match";

export type RestoreMode = "mirror" | "merge";

export type PlaceOptions = {
  mode: RestoreMode;
  /** The target source's exclude patterns (restic syntax), matched against the live absolute paths. */
  excludes?: string[];
  /** Names directly inside `live` that belong to the restore itself (its staging directory). */
  skipNames?: string[];
};

/** Puts `staged` (a folder, or a file) at `live`. `live` may be absent. */
export async function placeRestored(staged: string, live: string, opts: PlaceOptions): Promise<void> {
  const isExcluded = excludeMatcher(opts.excludes);
  const skip = new Set(opts.skipNames ?? []);
  const s = await fsp.lstat(staged);
  const l = await fsp.lstat(live).catch(() => null);
  if (!s.isDirectory() || !l?.isDirectory()) return replaceEntry(staged, live);
  const hasExcludes = (opts.excludes ?? []).some((x) => x.trim());
  if (hasExcludes) await dropExcluded(staged, live, isExcluded);
  if (opts.mode === "merge") return mergeInto(staged, live, isExcluded, skip);
  const mountPoint = (await fsp.stat(path.dirname(live))).dev !== l.dev;
  if (mountPoint || skip.size) {
    await mergeInto(staged, live, isExcluded, skip);
    await prune(staged, live, isExcluded, skip);
    return;
  }
  await swapKeepingExcluded(staged, live, isExcluded, hasExcludes);
}

/** Removes from the staged tree what the target now excludes: the live version is left alone. */
async function dropExcluded(staged: string, live: string, isExcluded: (p: string) => boolean): Promise<void> {
  for (const e of await fsp.readdir(staged, { withFileTypes: true })) {
    const l = path.join(live, e.name);
    if (isExcluded(l)) await fsp.rm(path.join(staged, e.name), { recursive: true, force: true });
    else if (e.isDirectory()) await dropExcluded(path.join(staged, e.name), l, isExcluded);
  }
}

/** Every staged entry over its live counterpart; live entries the backup does not have stay. */
async function mergeInto(
  staged: string,
  live: string,
  isExcluded: (p: string) => boolean,
  skip: Set<string>,
): Promise<void> {
  for (const e of await fsp.readdir(staged, { withFileTypes: true })) {
    const s = path.join(staged, e.name);
    const l = path.join(live, e.name);
    if (skip.has(e.name) || isExcluded(l)) continue;
    const existing = await fsp.lstat(l).catch(() => null);
    if (e.isDirectory() && existing?.isDirectory()) await mergeInto(s, l, isExcluded, new Set());
    else await replaceEntry(s, l);
  }
  await copyDirMeta(staged, live);
}

/** Removes live entries the backup does not have (after a merge), except excluded ones. */
async function prune(
  staged: string,
  live: string,
  isExcluded: (p: string) => boolean,
  skip: Set<string>,
): Promise<void> {
  for (const e of await fsp.readdir(live, { withFileTypes: true })) {
    const l = path.join(live, e.name);
    if (skip.has(e.name) || isExcluded(l)) continue;
    const s = path.join(staged, e.name);
    const st = await fsp.lstat(s).catch(() => null);
    if (!st) await fsp.rm(l, { recursive: true, force: true });
    else if (st.isDirectory() && e.isDirectory()) await prune(s, l, isExcluded, new Set());
  }
}

/** Live paths (relative to `live`) the source excludes; below an excluded folder nothing is listed. */
export async function excludedEntries(live: string, isExcluded: (p: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for (const e of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (isExcluded(abs)) out.push(r);
      else if (e.isDirectory()) await walk(abs, r);
    }
  };
  await walk(live, "");
  return out;
}

async function swapKeepingExcluded(
  staged: string,
  live: string,
  isExcluded: (p: string) => boolean,
  hasExcludes: boolean,
) {
  const keep = hasExcludes ? await excludedEntries(live, isExcluded) : [];
  const aside = asideName(live);
  await fsp.rename(live, aside);
  try {
    await fsp.rename(staged, live);
  } catch (e) {
    await fsp.rename(aside, live);
    throw e;
  }
  try {
    for (const rel of keep) {
      const to = path.join(live, rel);
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await fsp.rm(to, { recursive: true, force: true });
      await fsp.rename(path.join(aside, rel), to);
    }
  } catch (e) {
    throw new Error(
      `could not carry the excluded paths over into the restored folder (${(e as Error).message}); ` +
        `the previous folder is kept at ${aside}`,
    );
  }
  await fsp.rm(aside, { recursive: true, force: true });
}

/** Puts `from` at `to` (same filesystem): a folder is moved aside first and deleted only once the new
 * entry is in place; a file or link is replaced atomically by rename(2). */
export async function replaceEntry(from: string, to: string): Promise<void> {
  const old = await fsp.lstat(to).catch(() => null);
  if (!old?.isDirectory()) return fsp.rename(from, to);
  const aside = asideName(to);
  await fsp.rename(to, aside);
  try {
    await fsp.rename(from, to);
  } catch (e) {
    await fsp.rename(aside, to);
    throw e;
  }
  await fsp.rm(aside, { recursive: true, force: true });
}

function asideName(p: string): string {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return path.join(path.dirname(p), `.${path.basename(p)}.lifeboat-previous-${tag}`);
}

async function copyDirMeta(from: string, to: string): Promise<void> {
  const st = await fsp.stat(from);
  await fsp.chmod(to, st.mode & 0o7777);
  await fsp.chown(to, st.uid, st.gid).catch(() => {});
  await fsp.utimes(to, st.atime, st.mtime).catch(() => {});
}
