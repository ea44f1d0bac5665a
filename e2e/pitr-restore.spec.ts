/* Point-in-time recovery in real Chromium: a PostgreSQL source with PITR on (a cluster made by initdb,
 * its base backup and WAL written into the environment's destination in the WAL stream's layout by
 * lib/pitr/test-fixtures), the Backups tab shows the timeline, "Restore to a point in time" takes T2 in
 * the environment's timezone (Europe/Berlin) to the second, previews it, restores, and shows "Replayed to
 * …"; afterwards the database holds T2's rows exactly (a table dropped at T3 is back).
 * Then "Download the whole cluster at that time": the tar the browser downloads, unpacked and started with
 * pg_ctl on a random port, holds T2's rows exactly.
 * Screenshots: artifacts/screens/pitr-restore/*.png, artifacts/screens/pitr/*.png. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";
import {
  initRepo,
  shipWal,
  startSourceCluster,
  tableChecksums,
  takeBaseBackup,
  type SourceCluster,
} from "../lib/pitr/test-fixtures/pitr-repo";
import { isoLocal } from "../lib/pitr/restore/zoned-time";
import { freePort } from "../lib/pitr/restore/scratch-cluster";

const DIR = path.join(process.cwd(), "artifacts", "screens", "pitr-restore");
const SCREENS = path.join(process.cwd(), "artifacts", "screens", "pitr");
const TZ = "Europe/Berlin";
let admin: Api;
let src: SourceCluster;
let envPath = "";
const at: Record<string, { time: string; sums: Record<string, string> }> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shop = (q: string) => src.sql(q, "shop");

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fs.mkdirSync(DIR, { recursive: true });
  fs.mkdirSync(SCREENS, { recursive: true });
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-pitr-admin");
  src = await startSourceCluster();
  src.sql("create database shop");
  const project = await admin.send("POST", "/projects", {
    // A name of its own: other specs look their projects up by name on shared pages (the dashboard).
    name: "PITR Shop",
    slug: `pitr-shop-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  const env = await admin.send("POST", `/projects/${p.id}/environments`, {
    name: "staging",
    type: "staging",
    timezone: TZ,
  });
  expect(env.status, env.text).toBe(201);
  const e = env.body as { id: string; slug: string };
  envPath = `/projects/${p.slug}/environments/${e.slug}`;
  const source = await admin.send("POST", `/environments/${e.id}/sources`, {
    name: "shop-db",
    type: "postgres",
    config: { host: "127.0.0.1", port: src.port, database: "shop", user: "postgres", pitr: { enabled: true } },
  });
  expect(source.status, source.text).toBe(201);
  const sourceId = (source.body as { id: string }).id;
  const dests = await admin.get("/destinations");
  const dest = (dests.body as { items: { id: string; isDefault: boolean }[] }).items.find((d) => d.isDefault)!;
  const kit = await admin.send("POST", `/destinations/${dest.id}/recovery-kit`, { password: E2E.adminPassword });
  expect(kit.status, kit.text).toBe(200);
  const k = kit.body as { repository: string; password: string };
  const repo = initRepo(k.repository, k.password);
  shop("create table orders (id int primary key, note text); create table customers (id int, name text)");
  shop("insert into orders select g, 'before' from generate_series(1, 50) g");
  takeBaseBackup(src, repo, sourceId);
  const mark = async (name: string, q: string) => {
    shop(q);
    await sleep(1100);
    at[name] = { time: new Date().toISOString(), sums: tableChecksums(shop) };
    await sleep(1100);
  };
  await mark(
    "T1",
    "insert into orders select g, 't1' from generate_series(51, 80) g; insert into customers values (1, 'ann')",
  );
  await mark("T2", "update orders set note = 't2' where id % 5 = 0; insert into customers values (2, 'bob')");
  await mark("T3", "drop table customers");
  await shipWal(src, repo, sourceId, fs.mkdtempSync(path.join(os.tmpdir(), "pitr-e2e-ship-")));
});

test.afterAll(() => src?.stop());

test("the timeline, a restore to T2 in the environment's timezone, its result", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envPath}/backups`);
  const section = page.getByTestId("pitr-section");
  // The fixture's base backup and WAL make the first range (T1–T3 inside it, as the restore below proves).
  // The panel streams this source for real as well (PITR is on): once its own first base backup and the
  // WAL up to its end are shipped, its chain is a second range after it (seen in CI since the batch
  // deadline landed; the exact timing was not pinned down).
  await expect(section.getByTestId("pitr-range").first()).toBeVisible();
  await expect(section.getByTestId("pitr-gap")).toHaveCount(0);
  await page.screenshot({ path: path.join(DIR, "01-timeline.png"), fullPage: true });
  await section.getByTestId("pitr-open").click();
  const t2 = isoLocal(at.T2!.time, TZ);
  await page.getByTestId("pitr-time").fill(t2);
  await expect(page.getByTestId("pitr-preview")).toContainText(`Replays to ${t2.slice(11)}`);
  await page.screenshot({ path: path.join(DIR, "02-restore-form.png"), fullPage: true });
  await page.getByTestId("pitr-restore-submit").click();
  await expect(page.getByTestId("pitr-result")).toContainText("Restored. Replayed to", { timeout: 150_000 });
  await page.screenshot({ path: path.join(DIR, "03-restored.png"), fullPage: true });
  expect(tableChecksums(shop)).toEqual(at.T2!.sums);
});

test("Download the whole cluster at T2: the tar, unpacked and started with pg_ctl, holds T2's rows", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envPath}/backups`);
  await page.getByTestId("pitr-section").getByTestId("pitr-open").click();
  const t2 = isoLocal(at.T2!.time, TZ);
  await page.getByTestId("pitr-time").fill(t2);
  await page.getByTestId("pitr-output-cluster").check();
  await expect(page.getByTestId("pitr-output")).toContainText(
    "ready to start with PostgreSQL of the same major version",
  );
  await expect(page.getByTestId("pitr-restore-submit")).toHaveText("Prepare the download");
  await page.screenshot({ path: path.join(SCREENS, "01-cluster-option.png"), fullPage: true });
  await page.getByTestId("pitr-restore-submit").click();
  const link = page.getByTestId("pitr-cluster-download");
  await expect(link).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId("pitr-result")).toContainText("Ready. Replayed to");
  await page.screenshot({ path: path.join(SCREENS, "02-cluster-ready.png"), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^shop-db-pg15-\d{8}T\d{6}Z\.tar$/);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pitr-e2e-cluster-"));
  fs.chmodSync(work, 0o755);
  const tarFile = path.join(work, "cluster.tar");
  await download.saveAs(tarFile);
  const dir = path.join(work, "data");
  const run = path.join(work, "run");
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.mkdirSync(run);
  execFileSync("tar", ["-xf", tarFile, "-C", dir]);
  execFileSync("chown", ["-R", "postgres:postgres", dir, run]);
  const port = await freePort();
  const pgCtl = (args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D", dir, ...args]);
  pgCtl(["-l", path.join(run, "log"), "-w", "-o", `-p ${port} -k ${run} -c archive_mode=off`, "start"]);
  try {
    const sql = (q: string) =>
      execFileSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "shop", "-XAtqc", q], {
        encoding: "utf8",
      }).trim();
    expect(tableChecksums(sql)).toEqual(at.T2!.sums);
  } finally {
    pgCtl(["-m", "fast", "-w", "stop"]);
    fs.rmSync(work, { recursive: true, force: true });
  }
});
