/* The restore drill end to end, with real worker processes (scripts/worker.ts), real restic, PostgreSQL,
 * MariaDB, SQLite and files. A backup of all four is test-restored: every source succeeds with every
 * check listed (restic read, dump loaded, tables and exact row counts / files and bytes against the
 * manifest, SQLite integrity, required paths, smoke queries); with one recorded row count changed it
 * fails and names the table, raising `test_restore_failed`, which a later good one resolves. No scratch
 * database or folder is left behind — also when the worker is killed with SIGKILL mid-test-restore
 * (checked after another worker started). The manifests are recorded here, at backup time, by counting
 * the live tables with the database's own client: the test is of the comparison, not of who writes it. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureMariadb, PG_URL_BASE } from "@/test/support/local-services";
import { workerProcessAppFixture, pgDatabaseFixture } from "@/test/fixtures/worker-process-app";
import { killTree, seedDestination, seedEnvironment, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";

const app = workerProcessAppFixture("lbt_drill", {
  keyByte: 5,
  tmpPrefix: "lb-drill",
  env: {
    LIFEBOAT_JOB_LEASE_SECONDS: "3",
    LIFEBOAT_JOB_RETRY_LIMIT: "0",
    LIFEBOAT_SCHEDULER: "off",
    LIFEBOAT_ALERTS: "off",
  },
});
const live = pgDatabaseFixture("lbt_drill_src");
const { tmp, children, env } = app;
const liveMaria = `lbt_drill_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
const operator = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };

const psql = (url: string, sqlText: string) =>
  execFileSync("psql", [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sqlText], { encoding: "utf8" }).trim();
const maria = (sqlText: string, database?: string) =>
  execFileSync(
    "mariadb",
    ["-h127.0.0.1", "-uroot", "--batch", "--skip-column-names", ...(database ? [database] : []), "-e", sqlText],
    {
      encoding: "utf8",
    },
  ).trim();
const sqlite = (file: string, sqlText: string) => execFileSync("sqlite3", [file, sqlText], { encoding: "utf8" }).trim();

const sqliteFile = path.join(tmp, "app.db");
const site = path.join(tmp, "site");

beforeAll(async () => {
  await ensureMariadb();
  psql(
    live.db.url,
    `create table orders (id serial primary key, total int not null);
    insert into orders (total) select g * 3 from generate_series(1, 150) g;
    create schema crm; create table crm.customers (id int primary key, name text);
    insert into crm.customers select g, 'c' || g from generate_series(1, 12) g;`,
  );
  maria(`create database ${liveMaria}`);
  maria(
    `create table items (id int primary key, label varchar(20)) engine=InnoDB;
    insert into items select seq, concat('i', seq) from seq_1_to_40;
    create table notes (id int primary key) engine=InnoDB; insert into notes values (1), (2), (3);`,
    liveMaria,
  );
  sqlite(
    sqliteFile,
    "create table songs (id integer primary key, title text); " +
      Array.from({ length: 25 }, (_, i) => `insert into songs (title) values ('s${i}');`).join(" "),
  );
  fs.mkdirSync(path.join(site, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.php"), "<?php echo 'shop';");
  fs.writeFileSync(path.join(site, "uploads", "a.bin"), Buffer.alloc(1000, 7));
  fs.writeFileSync(path.join(site, "uploads", "b.txt"), "hello");
}, 120_000);

afterAll(() => {
  try {
    maria(`drop database if exists ${liveMaria}`);
  } catch {}
});

async function seedAndBackUp(slug: string, smokeQueries: { sql: string; expect: "nonzero" | "zero" }[]) {
  const { createBackup } = await import("@/lib/backups/create-backup");
  const { getDb } = await import("@/lib/db");
  const { backups } = await import("@/lib/db/schema");
  const dest = await seedDestination(path.join(tmp, `repo-${slug}`));
  const u = new URL(live.db.url);
  const seeded = await seedEnvironment({
    slug,
    sources: [
      {
        name: "orders-db",
        type: "postgres",
        config: { host: u.hostname, port: Number(u.port), user: "postgres", database: live.db.name, smokeQueries },
      },
      {
        name: "shop-maria",
        type: "mysql",
        config: { host: "127.0.0.1", port: 3306, user: "root", database: liveMaria },
      },
      { name: "songs", type: "sqlite", config: { path: sqliteFile } },
      { name: "site", type: "directory", config: { path: site, requiredPaths: ["index.php", "uploads/"] } },
    ],
    destinationIds: [dest.id],
  });
  const { id } = await createBackup({ environmentId: seeded.env.id, trigger: "manual", actor: operator });
  const done = await waitFor("the backup to finish", async () => {
    const [b] = await getDb().select().from(backups).where(eq(backups.id, id));
    return b && !["queued", "running"].includes(b.status) ? b : undefined;
  });
  expect(done.error).toBeNull();
  expect(done.status).toBe("succeeded");
  await recordManifests(id, seeded.sources);
  return { backupId: id, env: seeded.env, sources: seeded.sources };
}

/** What the backup held, counted on the live data right after it (nothing writes to it meanwhile). */
async function recordManifests(backupId: string, sources: { id: string; type: string }[]) {
  const { getDb } = await import("@/lib/db");
  const { backupSnapshots } = await import("@/lib/db/schema");
  const count = (n: string) => Number(n);
  const manifests: Record<string, unknown> = {
    postgres: {
      kind: "database",
      engine: "postgres",
      consistent: true,
      tables: [
        {
          schema: "crm",
          name: "customers",
          rows: count(psql(live.db.url, "select count(*) from crm.customers")),
          exact: true,
        },
        {
          schema: "public",
          name: "orders",
          rows: count(psql(live.db.url, "select count(*) from orders")),
          exact: true,
        },
      ],
    },
    mysql: {
      kind: "database",
      engine: "mysql",
      consistent: true,
      tables: [
        { schema: liveMaria, name: "items", rows: count(maria("select count(*) from items", liveMaria)), exact: true },
        { schema: liveMaria, name: "notes", rows: count(maria("select count(*) from notes", liveMaria)), exact: true },
      ],
    },
    sqlite: {
      kind: "database",
      engine: "sqlite",
      consistent: true,
      tables: [
        { schema: null, name: "songs", rows: count(sqlite(sqliteFile, "select count(*) from songs")), exact: true },
      ],
    },
    directory: {
      kind: "directory",
      fileCount: 3,
      totalBytes: fs.statSync(path.join(site, "index.php")).size + 1000 + 5,
    },
  };
  for (const s of sources) {
    await getDb()
      .update(backupSnapshots)
      .set({ manifest: manifests[s.type] as never })
      .where(and(eq(backupSnapshots.backupId, backupId), eq(backupSnapshots.sourceId, s.id)));
  }
}

async function runTestRestore(backupId: string) {
  const { createTestRestore, getTestRestore } = await import("@/lib/proof/test-restore");
  const started = await createTestRestore({ backupId, trigger: "manual", actor: operator });
  const view = await waitFor("the test restore to finish", async () => {
    const v = await getTestRestore(started!.id);
    return ["queued", "running"].includes(v.status) ? undefined : v;
  });
  await waitForCleanup(started!.jobId);
  return view;
}

/** The result is recorded before the scratch targets are dropped; the job ends after the drops. */
async function waitForCleanup(jobId: string) {
  const { getDb } = await import("@/lib/db");
  const { jobs } = await import("@/lib/db/schema");
  await waitFor("the test restore's cleanup", async () => {
    const [j] = await getDb().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
    return j && !["queued", "running"].includes(j.status);
  });
}

function scratchLeft(testRestoreId: string): string[] {
  const prefix = `lifeboat_test_${testRestoreId.replaceAll("-", "").slice(0, 8)}`;
  const pg = psql(`${PG_URL_BASE}/postgres`, `select datname from pg_database where datname like '${prefix}%'`);
  const my = maria(`select schema_name from information_schema.schemata where schema_name like '${prefix}%'`);
  const folder = path.join(os.tmpdir(), `lifeboat_test_${testRestoreId.replaceAll("-", "").slice(0, 12)}`);
  return [...pg.split("\n"), ...my.split("\n"), ...(fs.existsSync(folder) ? [folder] : [])].filter(Boolean);
}

async function openAlerts(environmentId: string) {
  const { getDb } = await import("@/lib/db");
  const { alerts } = await import("@/lib/db/schema");
  return getDb()
    .select()
    .from(alerts)
    .where(
      and(eq(alerts.environmentId, environmentId), eq(alerts.kind, "test_restore_failed"), isNull(alerts.resolvedAt)),
    );
}

it("test-restores PostgreSQL, MariaDB, SQLite and a folder with every check, fails on a wrong recorded count, and cleans up", async () => {
  startProcess("scripts/worker.ts", env(), children);
  const smoke = [
    { sql: "select count(*) from orders where total > 300", expect: "nonzero" as const },
    { sql: "select count(*) from orders where total < 0", expect: "zero" as const },
  ];
  const { backupId, env: environment, sources } = await seedAndBackUp("drill-ok", smoke);

  const good = await runTestRestore(backupId);
  expect(good.error).toBeUndefined();
  expect(good.status).toBe("succeeded");
  const byName = Object.fromEntries(good.sources.map((s) => [s.name, s]));
  expect(Object.keys(byName).sort()).toEqual(["orders-db", "shop-maria", "site", "songs"]);
  const names = (n: string) => byName[n]!.checks.map((c) => `${c.name}=${c.status}`);
  expect(names("orders-db")).toEqual([
    "Restic read every byte=passed",
    "Dump loaded without error=passed",
    "Tables and row counts match the backup=passed",
    "Smoke query: select count(*) from orders where total > 300=passed",
    "Smoke query: select count(*) from orders where total < 0=passed",
  ]);
  expect(byName["orders-db"]!.checks[2]!.message).toBe("2 tables, 162 rows, as recorded.");
  expect(byName["orders-db"]!.checks[1]!.message).toMatch(/scratch database lifeboat_test_[0-9a-f]{8}_\d/);
  expect(names("shop-maria")).toEqual([
    "Restic read every byte=passed",
    "Dump loaded without error=passed",
    "Tables and row counts match the backup=passed",
  ]);
  expect(byName["shop-maria"]!.checks[2]!.message).toBe("2 tables, 43 rows, as recorded.");
  expect(names("songs")).toEqual([
    "Restic read every byte=passed",
    "Dump loaded without error=passed",
    "SQLite integrity check=passed",
    "Tables and row counts match the backup=passed",
  ]);
  expect(names("site")).toEqual([
    "Restic read every byte=passed",
    "Files and bytes match the backup=passed",
    "Required paths exist=passed",
  ]);
  for (const s of good.sources) expect(s.durationSeconds).toBeGreaterThan(0);
  expect(scratchLeft(good.id)).toEqual([]);
  // The live data was never the target.
  expect(psql(live.db.url, "select count(*) from orders")).toBe("150");
  expect(await openAlerts(environment.id)).toHaveLength(0);

  // The recorded manifest disagrees with the snapshot: one MariaDB table's count is off by one.
  const { getDb } = await import("@/lib/db");
  const { backupSnapshots } = await import("@/lib/db/schema");
  const maria_ = sources.find((s) => s.type === "mysql")!;
  const [snap] = await getDb()
    .select()
    .from(backupSnapshots)
    .where(and(eq(backupSnapshots.backupId, backupId), eq(backupSnapshots.sourceId, maria_.id)));
  const original = snap!.manifest!;
  const changed = JSON.parse(JSON.stringify(original));
  changed.tables[0].rows = 41;
  await getDb().update(backupSnapshots).set({ manifest: changed }).where(eq(backupSnapshots.id, snap!.id));
  const bad = await runTestRestore(backupId);
  expect(bad.status).toBe("failed");
  const failedCheck = bad.sources.find((s) => s.name === "shop-maria")!.checks.find((c) => c.status === "failed")!;
  expect(failedCheck.name).toBe("Tables and row counts match the backup");
  expect(failedCheck.message).toBe("table items has 40 rows, the backup recorded 41.");
  expect(bad.error?.message).toContain("table items");
  expect(
    bad.sources
      .filter((s) => s.status === "succeeded")
      .map((s) => s.name)
      .sort(),
  ).toEqual(["orders-db", "site", "songs"]);
  expect(scratchLeft(bad.id)).toEqual([]);
  // The row settles first and the alert is synced right after it: wait for the alert, not the row.
  const opened = await waitFor("the test_restore_failed alert", async () => {
    const open = await openAlerts(environment.id);
    return open.length ? open : undefined;
  });
  expect(opened).toHaveLength(1);
  expect(opened[0]!.message).toContain("table items");

  // Put the true count back: the next test restore passes and resolves the alert.
  await getDb().update(backupSnapshots).set({ manifest: original }).where(eq(backupSnapshots.id, snap!.id));
  const again = await runTestRestore(backupId);
  expect(again.status).toBe("succeeded");
  await waitFor("the alert to resolve", async () => (await openAlerts(environment.id)).length === 0, 30_000);
}, 240_000);

it("leaves no scratch database or folder behind after a SIGKILL of its worker mid-test-restore", async () => {
  const { getDb } = await import("@/lib/db");
  const { testRestores } = await import("@/lib/db/schema");
  const { createTestRestore, getTestRestore } = await import("@/lib/proof/test-restore");
  if (!children.some((c) => c.exitCode === null)) startProcess("scripts/worker.ts", env(), children);
  // The smoke query holds the run for 30 s while the scratch database exists: the kill lands there.
  const { backupId } = await seedAndBackUp("drill-kill", [{ sql: "select 1 from pg_sleep(30)", expect: "nonzero" }]);
  const started = (await createTestRestore({ backupId, trigger: "manual", actor: operator }))!;
  const prefix = `lifeboat_test_${started.id.replaceAll("-", "").slice(0, 8)}`;
  await waitFor("the scratch database to exist and be recorded", async () => {
    const [row] = await getDb().select().from(testRestores).where(eq(testRestores.id, started.id));
    const exists =
      psql(`${PG_URL_BASE}/postgres`, `select count(*) from pg_database where datname like '${prefix}%'`) === "1";
    return exists && row!.scratch.some((t) => t.kind === "database") ? true : undefined;
  });
  await waitFor(
    "the smoke query to be running",
    async () =>
      psql(
        `${PG_URL_BASE}/postgres`,
        `select count(*) from pg_stat_activity where datname like '${prefix}%' and query like '%pg_sleep%'`,
      ) === "1" || undefined,
  );
  for (const c of children) if (c.exitCode === null && c.pid) killTree(c.pid);
  expect(scratchLeft(started.id).length).toBeGreaterThan(0); // the kill left it behind…

  startProcess("scripts/worker.ts", env(), children); // …and the restarted worker cleans it
  const settled = await waitFor(
    "the killed test restore to be settled",
    async () => {
      const v = await getTestRestore(started.id);
      return ["queued", "running"].includes(v.status) ? undefined : v;
    },
    60_000,
  );
  expect(settled.status).toBe("failed");
  await waitFor(
    "the scratch targets to be gone",
    async () => (scratchLeft(started.id).length === 0 ? true : undefined),
    30_000,
  );
  const [row] = await getDb().select().from(testRestores).where(eq(testRestores.id, started.id));
  expect(row!.scratch).toEqual([]);
}, 240_000);

it("a cancel mid-test-restore ends cancelled and drops the scratch database", async () => {
  const { getDb } = await import("@/lib/db");
  const { testRestores } = await import("@/lib/db/schema");
  const { createTestRestore, getTestRestore } = await import("@/lib/proof/test-restore");
  const { cancelJob } = await import("@/lib/job-kinds");
  if (!children.some((c) => c.exitCode === null)) startProcess("scripts/worker.ts", env(), children);
  const { backupId } = await seedAndBackUp("drill-cancel", [{ sql: "select 1 from pg_sleep(30)", expect: "nonzero" }]);
  const started = (await createTestRestore({ backupId, trigger: "manual", actor: operator }))!;
  const prefix = `lifeboat_test_${started.id.replaceAll("-", "").slice(0, 8)}`;
  await waitFor(
    "the smoke query to be running on the scratch database",
    async () =>
      psql(
        `${PG_URL_BASE}/postgres`,
        `select count(*) from pg_stat_activity where datname like '${prefix}%' and query like '%pg_sleep%'`,
      ) === "1" || undefined,
  );
  expect((await cancelJob(started.jobId, operator)).cancelRequested).toBe(true);
  const settled = await waitFor(
    "the cancelled test restore to settle",
    async () => {
      const v = await getTestRestore(started.id);
      return ["queued", "running"].includes(v.status) ? undefined : v;
    },
    60_000,
  );
  expect(settled.status).toBe("cancelled");
  await waitForCleanup(started.jobId);
  expect(scratchLeft(started.id)).toEqual([]);
  const [row] = await getDb().select().from(testRestores).where(eq(testRestores.id, started.id));
  expect(row!.scratch).toEqual([]);
}, 180_000);
