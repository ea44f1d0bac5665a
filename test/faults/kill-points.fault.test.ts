/* kill -9 at 20 seeded-random points (the seed is printed; LIFEBOAT_FAULT_SEED repeats a run) across
 * backup, retention (forget + prune), restore, integrity check (`restic check --read-data`), test
 * restore and off-site copy (`restic copy` into a shared copy target + its retention), in a real worker process and in the panel's role (worker + scheduler + alert evaluator; the
 * same services instrumentation.ts starts), on a private PostgreSQL database, real restic, two local
 * repositories and a third as both environments' copy target. Each point: start the job, wait for it to run, SIGKILL the process tree at a random moment
 * inside the job's measured duration, start a fresh process; the job is taken up again after the lease
 * (3 s) or settled. At the end: no row left queued/running, a backup, a check and a test restore run
 * green, every repository (the copy target too) passes the real `restic check --read-data`, every backup
 * marked succeeded has all its snapshots listed by `restic snapshots` and dumpable, and every copy marked
 * succeeded has all its snapshot ids listed in the copy target ("false green" otherwise). */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";
import { Fleet, type Kind, type Role, startJob, waitRunning, waitSettled } from "./kill-harness";
import {
  faultSeed,
  psqlRows,
  recordCounts,
  resticCheckAll,
  resticDumps,
  resticSnapshots,
  seededRandom,
  UNSETTLED_SQL,
} from "./support";

const app = workerProcessAppFixture("lbt_faults_kill", {
  keyByte: 11,
  tmpPrefix: "lbt-faults-kill",
  env: {
    LIFEBOAT_JOB_LEASE_SECONDS: "3",
    LIFEBOAT_COPY_RETRY_DELAY_SECONDS: "2", // a killed copy is retried by pg-boss after this (30 s in production)
    LIFEBOAT_CHECKS: "off",
    LIFEBOAT_TEST_RESTORES: "off",
  },
  teardown: () => fleet.killAll(),
});
const { tmp } = app;
const baseEnv = (): NodeJS.ProcessEnv => app.env();
const fleet = new Fleet(baseEnv);
// The streamed source takes ~1 s, so a backup lasts long enough for kills to land inside restic.
const STREAM = "i=0; while [ $i -lt 5 ]; do head -c 65536 /dev/urandom; sleep 0.2; i=$((i+1)); done";

async function seedSite(name: string, fill: number, copyDestinationId: string) {
  const files = path.join(tmp, name);
  fs.mkdirSync(path.join(files, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(files, "index.html"), `<h1>${name}</h1>`);
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(files, "uploads", `${i}.bin`), Buffer.alloc(60_000, fill + i));
  const repo = path.join(tmp, `repo-${name}`);
  const dest = await seedDestination(repo, `dest-${name}`);
  const { env } = await seedEnvironment({
    slug: name,
    sources: [
      { name: "files", type: "directory", config: { path: files } },
      { name: "stream", type: "command", config: { backupCommand: STREAM, restoreCommand: "cat > /dev/null" } },
    ],
    destinationIds: [dest.id],
  });
  return { environmentId: env.id, destinationId: dest.id, repo, passwordEnc: dest.repoPasswordEnc, copyDestinationId };
}

type Site = Awaited<ReturnType<typeof seedSite>>;
const POINTS: [Kind, Role][] = [
  ...Array<[Kind, Role]>(4).fill(["backup", "worker"]),
  ...Array<[Kind, Role]>(2).fill(["retention", "worker"]),
  ...Array<[Kind, Role]>(2).fill(["restore", "worker"]),
  ...Array<[Kind, Role]>(3).fill(["check", "worker"]),
  ...Array<[Kind, Role]>(2).fill(["test_restore", "worker"]),
  ...Array<[Kind, Role]>(3).fill(["copy", "worker"]),
  ["backup", "panel"],
  ["copy", "panel"],
  ["retention", "panel"],
  ["check", "panel"],
];
/** Kinds whose point sets the manual-backup limit to 1, so the run forgets and prunes (a copy: in the
 * copy target, its own retention after the copy; the primary's retention after its backup too). */
const PRUNES = new Set<Kind>(["retention", "copy"]);

it("20 kill -9 points: 0 repositories corrupt, 0 jobs stuck, next runs green, 0 false green", {
  timeout: 600_000,
}, async () => {
  const started = Date.now();
  const seed = faultSeed();
  const rand = seededRandom(seed);
  console.log(`[faults] kill points: seed ${seed} (repeat with LIFEBOAT_FAULT_SEED=${seed})`);
  // One copy target for both environments (created by the first copy, with that primary's chunker params).
  const copyRepo = path.join(tmp, "repo-copy");
  const copyDest = await seedDestination(copyRepo, "dest-copy");
  await unsetDefault(copyDest.id);
  const sites = [await seedSite("kill-a", 1, copyDest.id), await seedSite("kill-b", 40, copyDest.id)];

  // Measure each kind once, unkilled. The retention after each backup keeps every manual backup (no
  // limit); a retention point sets the limit to 1 first, so it has snapshots to forget and prune.
  const measured = new Map<Kind, number>();
  await fleet.ensure("worker");
  for (const kind of [
    "backup",
    "backup",
    "backup",
    "retention",
    "restore",
    "check",
    "test_restore",
    "copy",
  ] as Kind[]) {
    if (kind === "retention") for (const site of sites) await manualLimit(site, 1);
    const runs = await Promise.all(sites.map(async (site) => waitSettled((await startJob(kind, site)).jobId)));
    for (const site of sites) await manualLimit(site, null);
    for (const j of runs) {
      expect(`${kind} ${j.status} ${j.error?.message ?? ""}`.trim()).toBe(`${kind} succeeded`);
      const ms = j.finishedAt!.getTime() - j.startedAt!.getTime();
      measured.set(kind, Math.min(measured.get(kind) ?? ms, ms)); // the faster site: both ran at once
    }
  }
  console.log(`[faults] measured job durations (ms): ${JSON.stringify(Object.fromEntries(measured))}`);

  // The points, in seeded order; each one on a seeded site with a seeded delay.
  const order = POINTS.map((p) => ({ p, k: rand() })).sort((a, b) => a.k - b.k);
  const outcomes: string[] = [];
  let inside = 0;
  for (const [n, { p }] of order.entries()) {
    const [kind, role] = p;
    const site = sites[Math.floor(rand() * sites.length)]!;
    // A retention that removes nothing ends in a blink; one with work to do runs forget + prune for seconds.
    const span = PRUNES.has(kind) ? Math.max(measured.get(kind)!, 2_500) : measured.get(kind)!;
    const delay = Math.round(rand() * 0.9 * span);
    await fleet.ensure(role);
    await manualLimit(site, PRUNES.has(kind) ? 1 : null);
    const { jobId } = await startJob(kind, site);
    const running = await waitRunning(jobId);
    fleet.standby(order[n + 1]?.p[1] ?? "worker");
    let stillRunning = running.status === "running";
    if (stillRunning) {
      await new Promise((r) => setTimeout(r, delay)); // the fault's moment, not a wait for a condition
      const { jobRow } = await import("./kill-harness");
      stillRunning = (await jobRow(jobId))?.status === "running";
    }
    fleet.kill();
    if (stillRunning) inside++;
    // A kill that came after the job ended: aim earlier for this kind from now on.
    else measured.set(kind, Math.round(measured.get(kind)! * 0.7));
    const settled = await waitSettled(jobId);
    await manualLimit(site, null);
    outcomes.push(
      `#${n + 1} ${kind} (${role}) killed at ${delay} ms${stillRunning ? "" : " (after it ended)"} → ${settled.status}, attempt ${settled.attempts}`,
    );
    console.log(`[faults] ${outcomes.at(-1)} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  console.log(`[faults] kill points (${inside} of ${order.length} inside a running job):\n  ${outcomes.join("\n  ")}`);

  // Nothing left queued or running after the lease.
  await fleet.ensure("worker");
  const unsettled = await waitFor(
    "every row to settle",
    async () => {
      const rows = psqlRows(app.db.url, UNSETTLED_SQL);
      return rows.length === 0 ? ["none"] : undefined;
    },
    60_000,
  ).catch(() => psqlRows(app.db.url, UNSETTLED_SQL));
  const stuck = unsettled[0] === "none" ? [] : unsettled;

  // The next runs are green.
  const next: string[] = [];
  for (const kind of ["backup", "check", "test_restore", "copy"] as Kind[]) {
    const runs = await Promise.all(sites.map(async (site) => waitSettled((await startJob(kind, site)).jobId)));
    for (const j of runs) if (j.status !== "succeeded") next.push(`${kind}: ${j.status} ${j.error?.message ?? ""}`);
  }

  const { corrupt, falseGreen } = await auditRepositories(sites);
  const copies = await auditCopies(copyRepo, copyDest.repoPasswordEnc);
  corrupt.push(...copies.corrupt);
  falseGreen.push(...copies.falseGreen);
  console.log(`[faults] copies: ${copies.summary}`);
  recordCounts(
    "kill-points",
    { corrupt: corrupt.length, stuck: stuck.length, falseGreen: falseGreen.length },
    { seed },
  );
  console.log(`[faults] kill points took ${Math.round((Date.now() - started) / 1000)} s`);
  expect(stuck.join("\n"), "rows left queued/running (named so a CI summary says which)").toBe("");
  expect(corrupt, "repositories failing restic check").toEqual([]);
  expect(falseGreen, "backups marked succeeded whose snapshots are missing or unreadable").toEqual([]);
  expect(next, "the next runs after the kills").toEqual([]);
  expect(inside).toBeGreaterThanOrEqual(10); // at least half the kills landed inside a running job
});

/** The environment's limit of manual backups (what its retention removes beyond it; null: keep all). */
async function manualLimit(site: Site, n: number | null) {
  const { getDb } = await import("@/lib/db");
  const { backupSettings } = await import("@/lib/db/schema");
  const { eq } = await import("drizzle-orm");
  await getDb()
    .update(backupSettings)
    .set({ maxManualBackups: n })
    .where(eq(backupSettings.environmentId, site.environmentId));
}

async function unsetDefault(destinationId: string) {
  const { getDb } = await import("@/lib/db");
  const { destinations } = await import("@/lib/db/schema");
  const { eq } = await import("drizzle-orm");
  await getDb().update(destinations).set({ isDefault: false }).where(eq(destinations.id, destinationId));
}

/** restic check on the copy target; every succeeded, not forgotten copy's snapshot ids listed there. */
async function auditCopies(repo: string, passwordEnc: string) {
  const { openSecret } = await import("@/lib/secrets");
  const access = { repo, password: openSecret(passwordEnc) };
  const corrupt: string[] = [];
  const falseGreen: string[] = [];
  const [code, out] = resticCheckAll(access);
  if (code !== 0 || !out.includes("no errors were found")) corrupt.push(`${repo}: ${out.slice(-600)}`);
  const listed = resticSnapshots(access).map((s) => s.id);
  const rows = psqlRows(
    app.db.url,
    `select id || ' ' || status || ' ' || (forgotten_at is not null) || ' ' ||
       coalesce((select string_agg(x, ',') from jsonb_array_elements_text(snapshot_ids) x), '-')
     from backup_copies`,
  );
  const tally: Record<string, number> = {};
  for (const row of rows) {
    const [id, status, forgotten, ids] = row.split(" ");
    const key = `${status}${forgotten === "true" ? " (forgotten)" : ""}`;
    tally[key] = (tally[key] ?? 0) + 1;
    if (status !== "succeeded" || forgotten === "true") continue;
    const want = ids === "-" ? [] : ids!.split(",");
    if (!want.length) falseGreen.push(`copy ${id}: succeeded with no snapshot ids`);
    for (const s of want)
      if (!listed.some((l) => l.startsWith(s))) falseGreen.push(`copy ${id}: snapshot ${s} not listed in ${repo}`);
  }
  return { corrupt, falseGreen, summary: `${listed.length} snapshots in the target, rows ${JSON.stringify(tally)}` };
}

/** restic check on every repository; every succeeded backup's snapshots listed and dumpable. */
async function auditRepositories(sites: Site[]) {
  const { openSecret } = await import("@/lib/secrets");
  const corrupt: string[] = [];
  const falseGreen: string[] = [];
  for (const site of sites) {
    const access = { repo: site.repo, password: openSecret(site.passwordEnc) };
    const [code, out] = resticCheckAll(access);
    if (code !== 0 || !out.includes("no errors were found")) corrupt.push(`${site.repo}: ${out.slice(-600)}`);
    const listed = new Set(resticSnapshots(access).map((s) => s.id));
    const rows = psqlRows(
      app.db.url,
      `select b.id || ' ' || coalesce(s.snapshot_id, '-') || ' ' || s.status from backups b
       join backup_snapshots s on s.backup_id = b.id
       where b.environment_id = '${site.environmentId}' and b.status in ('succeeded', 'partial')
         and b.deleted_at is null and s.destination_id = '${site.destinationId}'
         and s.forgotten_at is null`, // forgotten here by retention while a copy still holds the backup
    );
    for (const row of rows) {
      const [backupId, snapshotId, status] = row.split(" ");
      if (status !== "succeeded") continue;
      if (!snapshotId || snapshotId === "-" || ![...listed].some((id) => id.startsWith(snapshotId)))
        falseGreen.push(`backup ${backupId}: snapshot ${snapshotId} not listed by restic snapshots`);
      else if (!resticDumps(access, snapshotId))
        falseGreen.push(`backup ${backupId}: snapshot ${snapshotId} not dumpable`);
    }
  }
  return { corrupt, falseGreen };
}
