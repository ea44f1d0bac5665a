/* Counts the files under a folder and adds up their sizes, skipping what the source excludes (restic
 * patterns, applied the simple way: a pattern without "/" matches a name at any depth, one starting
 * with "/" an absolute path; * and ? do not cross "/", ** does) and noting what cannot be read. Stops
 * early at a file or time budget so a test stays quick; the result then says it is partial. */
import fsp from "node:fs/promises";
import path from "node:path";

export type WalkResult = { files: number; bytes: number; unreadable: string[]; partial: boolean };

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export function excludeMatcher(patterns: string[] = []): (absPath: string) => boolean {
  const rules = patterns.map((p) => {
    const clean = p.replace(/\/+$/, "");
    return clean.startsWith("/")
      ? { abs: true, re: globToRegExp(clean) }
      : clean.includes("/")
        ? { abs: false, re: globToRegExp(`**/${clean}`) }
        : { abs: false, re: globToRegExp(clean) };
  });
  return (absPath) =>
    rules.some((r) => (r.abs ? r.re.test(absPath) : r.re.test(path.posix.basename(absPath)) || r.re.test(absPath)));
}

export async function walkFolder(
  root: string,
  opts: { exclude?: string[]; maxEntries?: number; maxMs?: number } = {},
): Promise<WalkResult> {
  const excluded = excludeMatcher(opts.exclude);
  const maxEntries = opts.maxEntries ?? 200_000;
  const deadline = Date.now() + (opts.maxMs ?? 8_000);
  const result: WalkResult = { files: 0, bytes: 0, unreadable: [], partial: false };
  let seen = 0;
  const stack = [root];
  while (stack.length) {
    if (seen >= maxEntries || Date.now() > deadline) {
      result.partial = true;
      break;
    }
    const dir = stack.pop()!;
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      result.unreadable.push(dir);
      continue;
    }
    for (const e of entries) {
      seen++;
      const p = path.join(dir, e.name);
      if (excluded(p)) continue;
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        result.files++;
        try {
          result.bytes += (await fsp.stat(p)).size;
          await fsp.access(p, fsp.constants.R_OK);
        } catch {
          result.unreadable.push(p);
        }
      }
    }
  }
  return result;
}
