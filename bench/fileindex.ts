/* npm run bench:index — the file browser's folder index at scale (issue 14, item 2): a tree of
 * BENCH_INDEX_FILES small files (default 1,000,000: 10 × 100 folders of 1000 files) is built once, backed
 * up and indexed in full; then BENCH_INDEX_DAYS daily snapshots (default 30, fewer when
 * BENCH_INDEX_BUDGET_S runs out: N is printed), each after a small change (20 files rewritten, 5 added, 1
 * removed, in two folders), each backed up against its parent with restic alone (timed) and then indexed
 * incrementally (timed), and one more unchanged day at the end. Prints per snapshot the index's growth
 * in the database and the indexing overhead in % of that same restic backup; the opening of random
 * folders of random snapshots through listBackupFiles (the browser's reader) p50/p95; and
 * /proc/loadavg beside the figures. Runs on the embedded database (PGlite) in a fresh data dir; the tree
 * and the repository live under /tmp/lbh-fi-bench and are removed afterwards (BENCH_INDEX_KEEP=1 keeps
 * the tree for the next run). Not part of the test command. */
import fs from "node:fs";
import path from "node:path";

const FILES = Number(process.env.BENCH_INDEX_FILES ?? 1_000_000);
const DAYS = Number(process.env.BENCH_INDEX_DAYS ?? 30);
const BUDGET_MS = Number(process.env.BENCH_INDEX_BUDGET_S ?? 3600) * 1000;
const OPENS = Number(process.env.BENCH_INDEX_OPENS ?? 300);
const base = "/tmp/lbh-fi-bench";
const tree = path.join(base, `tree-${FILES}`);
const dataDir = path.join(base, "data");
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(path.join(base, "repo"), { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
process.env.LIFEBOAT_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const load = () => fs.readFileSync("/proc/loadavg", "utf8").trim();
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * p))]!;

const PER_DIR = 1000;
const dirs = Math.max(1, Math.ceil(FILES / PER_DIR));
const dirOf = (i: number) =>
  path.join(tree, `top${String(Math.floor(i / 100)).padStart(2, "0")}`, `d${String(i % 100).padStart(2, "0")}`);

function buildTree() {
  if (fs.existsSync(path.join(tree, ".complete"))) return console.log(`tree: reusing ${tree}`);
  fs.rmSync(tree, { recursive: true, force: true });
  const t = performance.now();
  for (let d = 0; d < dirs; d++) {
    const dir = dirOf(d);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < PER_DIR && d * PER_DIR + f < FILES; f++)
      fs.writeFileSync(path.join(dir, `f${String(f).padStart(4, "0")}.txt`), `file ${d}/${f}\n`);
  }
  fs.writeFileSync(path.join(tree, ".complete"), "");
  console.log(`tree: ${FILES} files in ${dirs} folders built in ${s(performance.now() - t)}`);
}

async function main() {
  console.log(
    `df /tmp: ${((fs.statfsSync("/tmp").bavail * fs.statfsSync("/tmp").bsize) / 1e9) | 0} GB free; load ${load()}`,
  );
  buildTree();
  const { ensureMigrated, getDb, closeDb } = await import("@/lib/db");
  const { backups, backupSnapshots, environments, projects } = await import("@/lib/db/schema");
  const { backupPaths, initRepo } = await import("@/lib/engine");
  const { indexSnapshotFiles } = await import("@/lib/backups/index-snapshot-files");
  const { fileIndexBytes } = await import("@/lib/backups/file-index/pages");
  const { listBackupFiles } = await import("@/lib/backups/list-backup-files");
  await ensureMigrated();
  const db = getDb();
  const repo = { url: path.join(base, "repo"), password: "bench-index" };
  await initRepo(repo);
  const [p] = await db.insert(projects).values({ name: "bench", slug: "bench" }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  const sourceId = "00000000-0000-4000-8000-0000000be7c4";
  const destinationId = "00000000-0000-4000-8000-0000000de571";
  const snaps: { backupId: string; rowId: string; snapshotId: string; root: string }[] = [];
  const started = performance.now();

  const day = async (label: string) => {
    const prev = snaps[snaps.length - 1];
    let t = performance.now();
    const res = await backupPaths(repo, { paths: [tree], tags: ["bench"], host: "bench", parent: prev?.snapshotId });
    const backupMs = performance.now() - t;
    const [b] = await db
      .insert(backups)
      .values({ environmentId: e!.id, status: "succeeded", trigger: "scheduled" })
      .returning();
    const [row] = await db
      .insert(backupSnapshots)
      .values({
        backupId: b!.id,
        sourceId,
        destinationId,
        sourceName: "tree",
        sourceType: "directory",
        status: "succeeded",
        snapshotId: res.snapshotId,
      })
      .returning();
    const before = await fileIndexBytes();
    t = performance.now();
    const idx = await indexSnapshotFiles(row!.id, repo, res.snapshotId, {
      parent: prev ? { snapshotId: prev.snapshotId, indexRoot: prev.root } : undefined,
      treeUnchanged: res.treeUnchanged, // as lib/backups/run-backup/index-files.ts decides
    });
    const indexMs = performance.now() - t;
    const grew = (await fileIndexBytes()) - before;
    snaps.push({ backupId: b!.id, rowId: row!.id, snapshotId: res.snapshotId, root: idx.root });
    console.log(
      `${label}: restic backup ${s(backupMs)}, index ${s(indexMs)} (${idx.mode}, ${idx.folders} folders, ${idx.pagesWritten} pages) = +${((indexMs / backupMs) * 100).toFixed(1)} %, index grew ${mb(grew)}; load ${load()}`,
    );
    return { backupMs, indexMs, grew };
  };

  const first = await day("day 0 (first, full)");
  const daily: Awaited<ReturnType<typeof day>>[] = [];
  let n = 0;
  for (let d = 1; d <= DAYS && performance.now() - started < BUDGET_MS; d++, n++) {
    const a = dirOf((d * 37) % dirs);
    const b = dirOf((d * 53 + 11) % dirs);
    for (let f = 0; f < 20; f++)
      fs.writeFileSync(path.join(a, `f${String(f).padStart(4, "0")}.txt`), `day ${d} ${f}\n`);
    for (let f = 0; f < 5; f++) fs.writeFileSync(path.join(b, `new-${d}-${f}.txt`), `new ${d}\n`);
    fs.rmSync(path.join(b, `f${String(100 + d).padStart(4, "0")}.txt`), { force: true });
    daily.push(await day(`day ${d}`));
  }
  const unchanged = await day("unchanged day");
  const sum = (k: "backupMs" | "indexMs" | "grew") => daily.reduce((x, r) => x + r[k], 0);

  // Folder opens through the browser's reader: random snapshot, random level (root, top, folder).
  const opens: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    const snap = snaps[Math.floor(Math.random() * snaps.length)]!;
    const d = Math.floor(Math.random() * dirs);
    const rel = path.relative(tree, dirOf(d));
    const level = i % 3;
    const p = level === 0 ? "/" : level === 1 ? `/${rel.split("/")[0]}` : `/${rel}`;
    const t = performance.now();
    const listing = await listBackupFiles(snap.backupId, { sourceId, path: p });
    opens.push(performance.now() - t);
    if (!listing.entries.length) throw new Error(`empty folder ${p}`);
  }
  const total = await fileIndexBytes();
  console.log("\n=== file index bench ===");
  console.log(`files ${FILES}, folders ${dirs}, daily snapshots N = ${n} (+1 unchanged), load ${load()}`);
  console.log(
    `first snapshot: restic backup ${s(first.backupMs)}, full index ${s(first.indexMs)} (+${((first.indexMs / first.backupMs) * 100).toFixed(1)} %), index ${mb(first.grew)}`,
  );
  if (n)
    console.log(
      `daily (N=${n}): restic backup ${s(sum("backupMs") / n)} avg, index ${s(sum("indexMs") / n)} avg → indexing adds ${((sum("indexMs") / sum("backupMs")) * 100).toFixed(1)} %; index per snapshot ${mb(sum("grew") / n)} avg`,
    );
  console.log(
    `unchanged snapshot: index ${s(unchanged.indexMs)} (+${((unchanged.indexMs / unchanged.backupMs) * 100).toFixed(1)} %), index grew ${mb(unchanged.grew)}`,
  );
  console.log(`index total ${mb(total)} for ${snaps.length} snapshots`);
  console.log(
    `folder open (${OPENS}, random snapshot and folder): p50 ${pct(opens, 0.5).toFixed(1)} ms, p95 ${pct(opens, 0.95).toFixed(1)} ms, max ${Math.max(...opens).toFixed(1)} ms; load ${load()}`,
  );
  await closeDb();
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    fs.rmSync(path.join(base, "repo"), { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (process.env.BENCH_INDEX_KEEP !== "1") fs.rmSync(base, { recursive: true, force: true });
  });
