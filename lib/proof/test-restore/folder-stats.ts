/* What a restored folder holds: its regular files and their total bytes (the manifest's fileCount /
 * totalBytes), and which required paths are missing. Symlinks are not followed (a link that leaves the
 * folder must not be counted or walked). Read-only. */
import fsp from "node:fs/promises";
import path from "node:path";
import type { FolderStats } from "./compare-manifest";

export async function folderStats(root: string): Promise<FolderStats> {
  let fileCount = 0;
  let totalBytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        fileCount++;
        totalBytes += (await fsp.lstat(p)).size;
      }
    }
  };
  await walk(root);
  return { fileCount, totalBytes };
}

/** The required paths ("index.php", "uploads/") that do not exist under `root`. */
export async function missingPaths(root: string, required: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const rel of required) {
    const clean = rel.replace(/^\/+/, "");
    const target = path.resolve(root, clean);
    if (!target.startsWith(path.resolve(root))) {
      missing.push(rel);
      continue;
    }
    const st = await fsp.lstat(target).catch(() => null);
    if (!st || (rel.endsWith("/") && !st.isDirectory())) missing.push(rel);
  }
  return missing;
}
