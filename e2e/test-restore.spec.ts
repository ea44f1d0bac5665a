/* "Test restore" on a backup in the Backups tab, in real Chromium with real restic, a real PostgreSQL
 * database (with a smoke query) and a real folder: the dialog starts one, follows it, and shows each
 * source with every check and its restore duration; the API holds the same result and no scratch
 * database is left on the server. Screenshot: artifacts/screens/drill/test-restore.png. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

const PG = "postgres://postgres@127.0.0.1:5432";
const psql = (db: string, sqlText: string) =>
  execFileSync("psql", [`${PG}/${db}`, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sqlText], {
    encoding: "utf8",
  }).trim();

let admin: Api;
let projectSlug = "";
let backupId = "";
let dir = "";
const dbName = `lbt_e2e_drill_${crypto.randomBytes(3).toString("hex")}`;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-drill");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-drill-"));
  const site = path.join(dir, "site");
  fs.mkdirSync(path.join(site, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.php"), "<?php echo 'shop';\n");
  fs.writeFileSync(path.join(site, "uploads", "logo.png"), Buffer.alloc(2048, 1));
  psql("postgres", `create database ${dbName}`);
  psql(
    dbName,
    "create table orders (id serial primary key, total int); insert into orders (total) select g from generate_series(1, 42) g;",
  );
  const project = await admin.send("POST", "/projects", {
    name: "Drill",
    slug: `drill-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  const envId = (env.body as { id: string }).id;
  const db = await admin.send("POST", `/environments/${envId}/sources`, {
    name: "orders-db",
    type: "postgres",
    config: {
      host: "127.0.0.1",
      port: 5432,
      user: "postgres",
      database: dbName,
      smokeQueries: [{ sql: "select count(*) from orders", expect: "nonzero" }],
    },
  });
  expect(db.status, db.text).toBe(201);
  const files = await admin.send("POST", `/environments/${envId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: site },
  });
  expect(files.status, files.text).toBe(201);
  const b = await admin.send("POST", `/environments/${envId}/backups`, {});
  expect(b.status, b.text).toBe(202);
  backupId = (b.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
    })
    .toBe("succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  try {
    psql("postgres", `drop database if exists ${dbName} with (force)`);
  } catch {}
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("Test restore on a backup shows each source, each check and the restore duration", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/projects/${projectSlug}/environments/production/backups`);
  const row = page.locator(`[data-testid="backup-row"][data-backup-id="${backupId}"]`);
  await row.getByTestId("row-test-restore").click();
  const dialog = page.getByTestId("test-restore-dialog");
  await expect(dialog.getByTestId("test-restore-none")).toBeVisible();
  await dialog.getByTestId("start-test-restore").click();
  const result = dialog.getByTestId("test-restore-result");
  await expect(result).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
  const pg = dialog.locator('[data-testid="test-restore-source"][data-source-name="orders-db"]');
  await expect(pg.getByTestId("test-restore-check")).toHaveText([
    /Restic read every byte/,
    /Dump loaded without error/,
    /Tables and row counts match the backup/,
    /Smoke query: select count\(\*\) from orders — Returned 42/,
  ]);
  const site = dialog.locator('[data-testid="test-restore-source"][data-source-name="site"]');
  await expect(site.getByTestId("test-restore-check").first()).toHaveText(/Restic read every byte/);
  await expect(pg.getByTestId("test-restore-duration")).toHaveText(/restored in \d/);
  await expect(dialog.getByTestId("start-test-restore")).toHaveText("Test again");
  fs.mkdirSync("artifacts/screens/drill", { recursive: true });
  await page.screenshot({ path: "artifacts/screens/drill/test-restore.png", animations: "disabled" });

  // Persisted: the API holds the same result, and the scratch database is gone from the server.
  const env = (await admin.get(`/backups/${backupId}`)).body as { environmentId: string };
  const list = (await admin.get(`/environments/${env.environmentId}/test-restores?limit=5`)).body as {
    items: { id: string; status: string; sources: { name: string; durationSeconds: number }[] }[];
  };
  expect(list.items[0]!.status).toBe("succeeded");
  expect(list.items[0]!.sources.map((s) => s.name).sort()).toEqual(["orders-db", "site"]);
  const prefix = `lifeboat_test_${list.items[0]!.id.replaceAll("-", "").slice(0, 8)}`;
  // Dropped right after the result is recorded (the result does not wait for the cleanup).
  await expect
    .poll(() => psql("postgres", `select count(*) from pg_database where datname like '${prefix}%'`), {
      timeout: 30_000,
    })
    .toBe("0");
});

test("the test-restore schedule is set in Backup Settings, and smoke queries in the source form", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  const section = page.getByTestId("test-restore-settings");
  await expect(section.getByTestId("test-restore-enabled")).toBeChecked();
  await expect(section.getByTestId("test-restore-interval")).toHaveValue("7"); // production: weekly
  await section.getByTestId("test-restore-interval").fill("14");
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "artifacts/screens/drill/test-restore-settings.png", animations: "disabled" });
  await page.getByTestId("settings-save").click();
  await expect(page.getByTestId("settings-saved")).toBeVisible();
  const env = (await admin.get(`/backups/${backupId}`)).body as { environmentId: string };
  const settings = (await admin.get(`/environments/${env.environmentId}/backup-settings`)).body as {
    testRestore: { enabled: boolean; intervalDays: number };
  };
  expect(settings.testRestore).toEqual({ enabled: true, intervalDays: 14 });

  await page.goto(`/projects/${projectSlug}/environments/production/sources`);
  await page.getByTestId("new-source").click();
  const dialog = page.getByTestId("source-dialog");
  const smoke = dialog.getByLabel("Smoke queries for test restores (one per line)");
  await smoke.fill(
    "select count(*) from orders where created_at > now() - interval '1 day'\nzero: select count(*) from orders where total < 0",
  );
  await smoke.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "artifacts/screens/drill/source-smoke-queries.png", animations: "disabled" });
});
