/* What a restore would change, before the final click: per target source, how many files it replaces,
 * brings back and — files added since the backup — removes (mirror) or keeps (merge), and which excluded
 * entries (node_modules/, caches) it leaves alone; databases are named (replaced whole). Computed from the
 * backup's file index (lib/backups/file-index) and the live folder as the panel sees it now, with the same
 * matching (restore-plan.ts) and exclude rules (lib/engine excludeMatcher) the restore itself uses.
 * Read-only: it never touches the folder. When the panel cannot read a folder (a worker on another host
 * owns it) the item says so in `unknown` instead of guessing. */
import "server-only";
import fsp from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, environments } from "@/lib/db/schema";
import { walkIndex } from "@/lib/backups/file-index/pages";
import { locateSnapshot } from "@/lib/backups/snapshot-location";
import { excludeMatcher } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { loadEnvironmentForJob } from "@/lib/environments/environment-for-job";
import { planRestore, type RestoreItem } from "./restore-plan";
import type { RestorePreview, RestorePreviewItem, TRestorePreviewBody } from "./schema";
import { ZRestorePreviewBody } from "./schema";
import { isDatabaseSource } from "./scope";
import { checkSourceMap } from "./check-source-map";

/** A live tree bigger than this is not counted (the preview must answer in seconds). */
const MAX_LIVE_ENTRIES = 500_000;

export async function previewRestore(backupId: string, input: TRestorePreviewBody): Promise<RestorePreview> {
  const {
    scope,
    paths,
    targetEnvironmentId,
    mode = "mirror",
    sourceMap,
    includeCode,
  } = ZRestorePreviewBody.parse(input);
  const db = getDb();
  const [backup] = isUuid(backupId) ? await db.select().from(backups).where(eq(backups.id, backupId)) : [];
  if (!backup || backup.deletedAt) throw new AppError("not_found", "This backup does not exist.");
  const target = await loadEnvironmentForJob(targetEnvironmentId ?? backup.environmentId);
  const [origin] = await db.select().from(environments).where(eq(environments.id, backup.environmentId));
  if (target.env.projectId !== origin?.projectId)
    throw new AppError("unprocessable", `"${target.env.name}" belongs to another project.`);
  const snaps = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, backupId));
  checkSourceMap(sourceMap, snaps, target);
  const plan = planRestore(snaps, target.sources, scope, paths, sourceMap, includeCode);
  if (plan.problem) throw new AppError("unprocessable", plan.problem);

  const items: RestorePreviewItem[] = [];
  for (const item of plan.items) {
    const base = { sourceId: item.target.id, name: item.target.name, type: item.target.type };
    if (isDatabaseSource(item.target.type)) {
      items.push({ ...base, kind: "database", replaces: 0, bringsBack: 0, addedSince: 0, excluded: [] });
      continue;
    }
    items.push({ ...base, kind: "folder", ...(await previewFolder(backupId, item)) });
  }
  const sum = (k: "replaces" | "bringsBack" | "addedSince") => items.reduce((n, i) => n + i[k], 0);
  return {
    mode,
    items,
    databases: items.filter((i) => i.kind === "database").map((i) => i.name),
    totals: {
      replaces: sum("replaces"),
      bringsBack: sum("bringsBack"),
      removes: mode === "mirror" ? sum("addedSince") : 0,
      keeps: mode === "merge" ? sum("addedSince") : 0,
      excluded: items.reduce((n, i) => n + i.excluded.length, 0),
    },
  };
}

type FolderCounts = Omit<RestorePreviewItem, "sourceId" | "name" | "type" | "kind">;

async function previewFolder(backupId: string, item: RestoreItem): Promise<FolderCounts> {
  const config = item.target.config as { path?: unknown; exclude?: unknown };
  const dest = typeof config.path === "string" ? path.posix.resolve(config.path) : "/";
  const excludes = Array.isArray(config.exclude) ? config.exclude.filter((x) => typeof x === "string") : [];
  const isExcluded = excludeMatcher(excludes);
  const empty = { path: dest, replaces: 0, bringsBack: 0, addedSince: 0, excluded: [] };
  const loc = await locateSnapshot(backupId, item.snapshots[0]!.sourceId, "/");
  const indexRoot = loc.snapshot.indexedAt ? loc.snapshot.indexRoot : null;
  if (!indexRoot) return { ...empty, unknown: "The backup's file list is not indexed." };
  const root = loc.root;
  // Selected paths, relative to the folder ("" = all of it); the restore resolves them the same way.
  const chosen = (item.paths ?? ["/"]).map((p) => relativeTo(root, p)).filter((p): p is string => p !== null);
  const within = (rel: string) => chosen.some((c) => c === "" || rel === c || rel.startsWith(`${c}/`));
  const inBackup = new Set<string>();
  for await (const r of walkIndex(indexRoot, root)) {
    if (r.type === "dir") continue;
    const rel = relativeTo(root, path.posix.join(r.parent, r.name));
    if (rel && within(rel) && !isExcluded(path.posix.join(dest, rel))) inBackup.add(rel);
  }
  const live = await walkLive(dest, chosen, isExcluded);
  if ("unknown" in live) return { ...empty, bringsBack: inBackup.size, unknown: live.unknown };
  let replaces = 0;
  let addedSince = 0;
  for (const rel of live.files) {
    if (inBackup.has(rel)) replaces++;
    else addedSince++;
  }
  return { path: dest, replaces, bringsBack: inBackup.size - replaces, addedSince, excluded: live.excluded };
}

/** `p` relative to `root` without a leading slash ("" for the root itself); null when outside it.
 * Accepts absolute snapshot paths and paths relative to the folder (as the file browser sends them). */
function relativeTo(root: string, p: string): string | null {
  const prefix = root === "/" ? "/" : `${root}/`;
  const abs = p === root || p.startsWith(prefix) ? p : path.posix.join(root, p.replace(/^\/+/, ""));
  const norm = path.posix.normalize(abs).replace(/(.)\/+$/, "$1");
  if (norm === root) return "";
  return norm.startsWith(prefix) ? norm.slice(prefix.length) : null;
}

async function walkLive(
  dest: string,
  chosen: string[],
  isExcluded: (p: string) => boolean,
): Promise<{ files: string[]; excluded: string[] } | { unknown: string }> {
  const files: string[] = [];
  const excluded: string[] = [];
  let seen = 0;
  const visit = async (rel: string): Promise<void> => {
    const abs = rel ? path.posix.join(dest, rel) : dest;
    if (++seen > MAX_LIVE_ENTRIES) throw new TooBig();
    if (rel && isExcluded(abs)) return void excluded.push(`${rel}`);
    const st = await fsp.lstat(abs).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return null;
      throw e;
    });
    if (!st) return;
    if (!st.isDirectory()) return void files.push(rel);
    for (const name of await fsp.readdir(abs)) {
      if (name.includes(".lifeboat-restore-") || name.includes(".lifeboat-previous-")) continue;
      await visit(rel ? `${rel}/${name}` : name);
    }
  };
  try {
    for (const c of chosen) await visit(c);
  } catch (e) {
    if (e instanceof TooBig) return { unknown: `The folder ${dest} has more than ${MAX_LIVE_ENTRIES} entries.` };
    return { unknown: `The panel cannot read ${dest} (${(e as NodeJS.ErrnoException).code ?? "error"}).` };
  }
  return { files, excluded: excluded.sort() };
}

class TooBig extends Error {}
