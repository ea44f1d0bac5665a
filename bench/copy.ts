/* Copy benchmark (`npm run bench:copy`; not part of the test command). What an off-site copy costs
 * against what Lifeboat did before copies: a second, independent backup run into the second
 * destination. In one run, on the same data:
 *   day 0: a mixed tree (random blobs, text, small files) and a database-like dump (text, streamed on
 *          stdin as Lifeboat streams pg_dump) backed up into the primary; the copy target gets them with
 *          `restic copy` (created with the primary's chunker parameters), the independent target with
 *          its own backup run (its own repository, as a second destination is today);
 *   day 1: ~2 % new random data, 5 % of the text files and 1 % of the dump rewritten; a new backup into
 *          the primary; then (timed) `restic copy` of the day's new snapshots into the copy target vs. the
 *          second backup run (tree + the whole dump read again) into the independent target.
 * Prints time, bytes added to each target and bytes read from the source, and the ratios copy/second
 * run, with the machine's load average (os.loadavg) before and after. "Read from the source" is what the
 * second run must read again from the application: the whole dump (a new pg_dump in real life) and the
 * files day 1 changed (restic skips unchanged files by their metadata; all files are still stat'ed);
 * the copy reads nothing from the application. "Sent to the target" is what each adds to its target
 * repository (the bytes that cross the network to an off-site target). Size: BENCH_COPY_MIB (default 192; 1024 for the 1 GiB tree). Everything lives in a temp
 * directory (RAM when /dev/shm has room; BENCH_DIR to choose), removed at the end (BENCH_KEEP=1 keeps it). */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { backupPaths, backupStdin, copySnapshots, initRepo, type Repo } from "../lib/engine";
import { makeTree } from "./support/mixed-tree";

const MiB = 1 << 20;
const TOTAL = Number(process.env.BENCH_COPY_MIB ?? 192) * MiB;
const HOST = "bench-copy";

function benchRoot(): string {
  if (process.env.BENCH_DIR) return process.env.BENCH_DIR;
  try {
    const st = fs.statfsSync("/dev/shm");
    if (st.bavail * st.bsize > 5 * TOTAL + 2 * 2 ** 30) return "/dev/shm";
  } catch {
    /* no /dev/shm */
  }
  return os.tmpdir();
}
const base = fs.mkdtempSync(path.join(benchRoot(), "lifeboat-bench-copy-"));

function repoAt(name: string): Repo {
  return {
    url: path.join(base, name),
    password: `bench-${name}-${crypto.randomBytes(4).toString("hex")}`,
    cacheDir: path.join(base, "cache", name),
  };
}

function dirBytes(p: string): number {
  let n = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    const full = path.join(p, e.name);
    n += e.isDirectory() ? dirBytes(full) : fs.statSync(full).size;
  }
  return n;
}

function words(bytes: number, seed: string): Buffer {
  // Compressible, deduplicating text like a SQL dump: lines built from a small vocabulary.
  const vocab = Array.from({ length: 512 }, (_, i) =>
    crypto
      .createHash("sha1")
      .update(`${seed}${i}`)
      .digest("hex")
      .slice(0, 4 + (i % 9)),
  );
  const out = Buffer.allocUnsafe(bytes);
  let o = 0;
  let i = 0;
  while (o < bytes) {
    o += out.write(
      `INSERT INTO t VALUES (${i}, '${vocab[(i * 7919) % vocab.length]}', '${vocab[(i * 104729) % vocab.length]}');\n`,
      o,
    );
    i++;
  }
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function backupDay(repo: Repo, tree: string, dump: string, tags: string[]) {
  const files = await backupPaths(repo, { paths: [tree], tags, host: HOST });
  const db = await backupStdin(repo, {
    stdin: fs.createReadStream(dump),
    filename: "db.sql",
    tags: [...tags, "db"],
    host: HOST,
  });
  return { ids: [files.snapshotId, db.snapshotId], read: files.totalBytes + db.totalBytes, files, db };
}

async function main() {
  const tree = path.join(base, "tree");
  const dump = path.join(base, "dump.sql");
  const treeBytes = Math.round(TOTAL * 0.75);
  const randomFiles = Math.max(2, Math.round((treeBytes * 0.5) / (16 * MiB)));
  makeTree(tree, {
    randomFiles,
    randomSize: 16 * MiB,
    textFiles: Math.max(4, Math.round((treeBytes * 0.4) / (4 * MiB))),
    textSize: 4 * MiB,
    smallFiles: Math.round((treeBytes * 0.1) / (6.5 * 1024)),
  });
  fs.writeFileSync(dump, words(TOTAL - treeBytes, "day0"));
  const primary = repoAt("primary");
  const independent = repoAt("independent");
  const copy = repoAt("copy");
  await initRepo(primary);
  await initRepo(independent);
  await initRepo(copy, { copyChunkerParamsFrom: primary });
  console.log(
    `data: ${(dirBytes(tree) / MiB).toFixed(0)} MiB tree + ${(fs.statSync(dump).size / MiB).toFixed(0)} MiB dump in ${base}`,
  );

  // Day 0: the primary, then the copy target by copy and the independent target by its own run.
  const d0 = await backupDay(primary, tree, dump, ["lifeboat", "day:0"]);
  await copySnapshots(primary, copy, { snapshotIds: d0.ids });
  await backupDay(independent, tree, dump, ["lifeboat", "day:0"]);

  // Day 1's changes (changedBytes: the tree's bytes a backup with a parent must read again).
  let changedBytes = 0;
  for (let i = 0; i < Math.max(1, Math.round(randomFiles * 0.04)); i++) {
    fs.writeFileSync(path.join(tree, "random", `new-${i}.bin`), crypto.randomBytes(16 * MiB));
    changedBytes += 16 * MiB;
  }
  const texts = fs.readdirSync(path.join(tree, "text"));
  for (const f of texts.slice(0, Math.max(1, Math.round(texts.length * 0.05)))) {
    fs.writeFileSync(path.join(tree, "text", f), words(4 * MiB, `day1-${f}`));
    changedBytes += 4 * MiB;
  }
  const fd = fs.openSync(dump, "r+");
  const dumpSize = fs.statSync(dump).size;
  fs.writeSync(
    fd,
    words(Math.round(dumpSize * 0.01), "day1"),
    0,
    Math.round(dumpSize * 0.01),
    Math.round(dumpSize / 2),
  );
  fs.closeSync(fd);
  const d1 = await backupDay(primary, tree, dump, ["lifeboat", "day:1"]);

  const loadBefore = os.loadavg();
  const copyBefore = dirBytes(copy.url);
  const indBefore = dirBytes(independent.url);
  const c = await timed(() => copySnapshots(primary, copy, { snapshotIds: d1.ids }));
  const i = await timed(() => backupDay(independent, tree, dump, ["lifeboat", "day:1"]));
  const copyAdded = dirBytes(copy.url) - copyBefore;
  const indAdded = dirBytes(independent.url) - indBefore;
  const primaryBytes = dirBytes(primary.url);
  const loadAfter = os.loadavg();
  const sourceRead = changedBytes + i.value.db.totalBytes;

  const row = (name: string, ms: number, added: number, read: string) =>
    console.log(
      `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(8)} s ${(added / MiB).toFixed(1).padStart(9)} MiB  ${read}`,
    );
  console.log(
    `\nday 1 (new data in the primary's day-1 backup: ${((d1.files.addedBytes + d1.db.addedBytes) / MiB).toFixed(1)} MiB)`,
  );
  console.log(`${"".padEnd(34)} ${"time".padStart(10)} ${"added".padStart(13)}  read from the source`);
  row("restic copy (day's snapshots)", c.ms, copyAdded, "0 (reads the primary, not the app)");
  row(
    "second independent backup run",
    i.ms,
    indAdded,
    `${((i.value.files.totalBytes - 0) / MiB).toFixed(0)} MiB tree walked (changed files re-read), ${(i.value.db.totalBytes / MiB).toFixed(0)} MiB dump re-read from the app`,
  );
  console.log(
    `\ncopy / second run: time ${(c.ms / i.ms).toFixed(2)}, bytes added ${(copyAdded / Math.max(1, indAdded)).toFixed(2)}`,
  );
  console.log(
    `copy target size / primary size: ${(dirBytes(copy.url) / primaryBytes).toFixed(3)} (shared chunker parameters)`,
  );
  console.log(`copied ${c.value.copied.length} snapshot(s), skipped ${c.value.skipped.length}`);
  const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
  console.log(
    `\nread from the source (the application): copy 0 B, second run ${mib(sourceRead)} ` +
      `(${mib(changedBytes)} changed files + ${mib(i.value.db.totalBytes)} dump; ${mib(i.value.files.totalBytes)} tree stat'ed)`,
  );
  console.log(
    `sent to the target (added to its repository): copy ${mib(copyAdded)}, second run ${mib(indAdded)} ` +
      `(ratio ${(copyAdded / Math.max(1, indAdded)).toFixed(2)})`,
  );
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  console.log(
    `load average (1/5/15 min): before ${load(loadBefore)}, after ${load(loadAfter)} on ${os.cpus().length} cores`,
  );
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    if (process.env.BENCH_KEEP !== "1") fs.rmSync(base, { recursive: true, force: true });
  });
