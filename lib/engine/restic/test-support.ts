/* Test helpers for the engine's integration tests (not used by production code): temporary
 * repositories, a fixture tree with the awkward cases (spaces, unicode, symlinks, empty dirs, modes),
 * and a manifest (sha256 / link target / mode per entry) to prove restores byte-exact. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Repo } from "../types";

export function tempDir(prefix = "lifeboat-engine-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempRepo(base: string, name = "repo", password = "correct horse battery staple"): Repo {
  return { url: path.join(base, name), password, cacheDir: path.join(base, "cache") };
}

/** A tree that exercises what restores tend to get wrong. Returns its root. */
export function makeFixtureTree(root: string): string {
  const w = (rel: string, data: string | Buffer, mode?: number) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    if (mode !== undefined) fs.chmodSync(p, mode);
  };
  w("plain.txt", "hello\n");
  w("with space/file name with spaces.txt", "spaces\n");
  w("ünïcödé/日本語 ファイル.txt", "unicode ✓\n");
  w("emoji 🚀/data.bin", crypto.randomBytes(70_000));
  w("bin/run.sh", "#!/bin/sh\necho hi\n", 0o755);
  w("secret/key.pem", "-----BEGIN KEY-----\n", 0o600);
  w("empty-file", "");
  fs.mkdirSync(path.join(root, "empty dir/nested empty"), { recursive: true });
  fs.symlinkSync("plain.txt", path.join(root, "link to plain"));
  fs.symlinkSync("../ünïcödé", path.join(root, "bin/link-dir"));
  fs.symlinkSync("does-not-exist", path.join(root, "dangling"));
  return root;
}

export type ManifestEntry = {
  type: "file" | "dir" | "symlink";
  mode: number;
  sha256?: string;
  target?: string;
  size?: number;
};

export function sha256File(p: string): string {
  const h = crypto.createHash("sha256");
  const fd = fs.openSync(p, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest("hex");
}

/** Every entry under root, keyed by relative path. */
export function manifest(root: string): Map<string, ManifestEntry> {
  const out = new Map<string, ManifestEntry>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      const mode = st.mode & 0o7777;
      if (st.isSymbolicLink()) out.set(rel, { type: "symlink", mode: 0, target: fs.readlinkSync(p) });
      else if (st.isDirectory()) {
        out.set(rel, { type: "dir", mode });
        walk(p);
      } else out.set(rel, { type: "file", mode, size: st.size, sha256: sha256File(p) });
    }
  };
  walk(root);
  return out;
}

/** Differences between two manifests, as readable lines (empty when equal). */
export function diffManifests(a: Map<string, ManifestEntry>, b: Map<string, ManifestEntry>): string[] {
  const diffs: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w) diffs.push(`missing: ${k}`);
    else if (JSON.stringify(v) !== JSON.stringify(w))
      diffs.push(`differs: ${k} ${JSON.stringify(v)} vs ${JSON.stringify(w)}`);
  }
  for (const k of b.keys()) if (!a.has(k)) diffs.push(`extra: ${k}`);
  return diffs;
}

/** Wait for a condition without fixed sleeps: poll with a bounded timeout. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Complete lock files currently in a local repository (their names are the lock IDs).
 * restic's local backend writes every file as `<id>-tmp-<random>`, fsyncs it and only then renames it
 * to `<id>`; restic ignores the temporary names (list, lock checks, unlock). A restic killed between
 * the two (kill -9 under load) leaves a `-tmp-` file that is no lock at all, so counting it as one let
 * tests kill a holder before its lock existed. Only the renamed, 64-hex-digit names count here. */
export function repoLocks(repo: Repo): string[] {
  const dir = path.join(repo.url, "locks");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n)) : [];
}

/** Write `bytes` of random data in 1 MiB chunks (never the whole file in memory). */
export function writeRandomFile(p: string, bytes: number): void {
  const fd = fs.openSync(p, "w");
  try {
    for (let left = bytes; left > 0; ) {
      const n = Math.min(left, 1 << 20);
      fs.writeSync(fd, crypto.randomBytes(n));
      left -= n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
