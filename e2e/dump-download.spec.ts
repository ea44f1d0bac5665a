/* Issue 11, item 6, in real Chromium against a production build: an environment with a real PostgreSQL
 * and a real MariaDB database is backed up (real pg_dump / mariadb-dump into real restic); on the
 * backup's detail page an admin and an operator see "Download dump" per database source (and "as plain
 * SQL" for PostgreSQL); each download arrives as itself with its own name (`<db>.pgdump`, `<db>.sql`),
 * not wrapped in tar/zip, and holds what it should. A viewer sees no dump buttons and the server answers
 * 403. Screens under artifacts/screenshots/dumps-*.png. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";
import { PG, psql } from "./fixtures/backup-checks";

const OPERATOR = { email: "dumps-operator@lifeboat.test", password: "operator-password-789" };
const VIEWER = { email: "dumps-viewer@lifeboat.test", password: "viewer-password-789" };
const MY = ["-h", "127.0.0.1", "-P", "3306", "-u", "root"];

let admin: Api;
let projectSlug = "";
let backupId = "";
let pgName = "";
let myName = "";
let repoDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-dumps-admin");
  const tag = crypto.randomBytes(3).toString("hex");
  pgName = `lb_e2e_dump_${tag}`;
  execFileSync("psql", [...PG, "-d", "postgres", "-c", `CREATE DATABASE ${pgName}`]);
  psql(
    pgName,
    "CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL);" +
      "INSERT INTO invoices (customer) SELECT 'customer ' || g FROM generate_series(1, 50) g;",
  );
  myName = `lb_e2e_dump_${tag}`;
  execFileSync("mariadb", [
    ...MY,
    "-e",
    `CREATE DATABASE ${myName}; CREATE TABLE ${myName}.notes (id int PRIMARY KEY, body text);` +
      ` INSERT INTO ${myName}.notes VALUES (1, 'first note');`,
  ]);
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-dumps-"));

  const project = await admin.send("POST", "/projects", { name: "Dump Shop", slug: `dump-shop-${tag}` });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  const environmentId = (env.body as { id: string }).id;
  for (const source of [
    {
      name: "shop-db",
      type: "postgres",
      config: { host: "127.0.0.1", port: 5432, database: pgName, user: "postgres" },
    },
    { name: "wiki-db", type: "mysql", config: { host: "127.0.0.1", port: 3306, database: myName, user: "root" } },
  ]) {
    const r = await admin.send("POST", `/environments/${environmentId}/sources`, source);
    expect(r.status, r.text).toBe(201);
  }
  const dest = await admin.send("POST", "/destinations", {
    name: "Dump disk",
    type: "local",
    config: { path: path.join(repoDir, "repo") },
  });
  expect(dest.status, dest.text).toBe(201);
  for (const u of [
    { ...OPERATOR, role: "operator" },
    { ...VIEWER, role: "viewer" },
  ]) {
    const r = await admin.send("POST", "/users", u);
    expect([201, 409], r.text).toContain(r.status);
  }
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, { live: true });
  expect(started.status, started.text).toBe(202);
  backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
      intervals: [500],
    })
    .toBe("succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (pgName) execFileSync("psql", [...PG, "-d", "postgres", "-c", `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`]);
  if (myName) execFileSync("mariadb", [...MY, "-e", `DROP DATABASE IF EXISTS ${myName}`]);
  if (repoDir) fs.rmSync(repoDir, { recursive: true, force: true });
});

function detailUrl() {
  return `/projects/${projectSlug}/environments/production/backups/${backupId}`;
}

function sourceRow(page: Page, name: string) {
  return page.getByTestId("backup-sources").locator("tr", { hasText: name });
}

async function downloadFrom(page: Page, row: string, testId: string) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    sourceRow(page, row).getByTestId(testId).click(),
  ]);
  return { name: download.suggestedFilename(), body: fs.readFileSync((await download.path())!) };
}

test("an admin downloads each dump as itself: .pgdump as stored, PostgreSQL as plain SQL, MariaDB .sql", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(detailUrl());
  await expect(page.getByTestId("backup-detail")).toHaveAttribute("data-status", "succeeded");
  await expect(sourceRow(page, "shop-db").getByTestId("download-dump")).toBeVisible();
  await expect(sourceRow(page, "shop-db").getByTestId("download-dump-sql")).toBeVisible();
  await expect(sourceRow(page, "wiki-db").getByTestId("download-dump")).toBeVisible();
  await expect(sourceRow(page, "wiki-db").getByTestId("download-dump-sql")).toHaveCount(0);
  await shot(page, "dumps-01-detail-admin");

  const stored = await downloadFrom(page, "shop-db", "download-dump");
  expect(stored.name).toBe(`${pgName}.pgdump`);
  expect(stored.body.subarray(0, 5).toString()).toBe("PGDMP");
  const sql = await downloadFrom(page, "shop-db", "download-dump-sql");
  expect(sql.name).toBe(`${pgName}.sql`);
  expect(sql.body.toString()).toContain("CREATE TABLE public.invoices");
  expect(sql.body.toString()).toContain("50\tcustomer 50");
  const maria = await downloadFrom(page, "wiki-db", "download-dump");
  expect(maria.name).toBe(`${myName}.sql`);
  expect(maria.body.toString()).toMatch(/CREATE TABLE `notes`/);
  expect(maria.body.toString()).toContain("first note");
});

test("an operator sees and uses the dump buttons too", async ({ page }) => {
  await signIn(page, OPERATOR.email, OPERATOR.password);
  await page.goto(detailUrl());
  await expect(sourceRow(page, "shop-db").getByTestId("download-dump")).toBeVisible();
  const stored = await downloadFrom(page, "shop-db", "download-dump");
  expect(stored.name).toBe(`${pgName}.pgdump`);
  await shot(page, "dumps-02-detail-operator", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "dumps-04-detail-operator-dark", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("a viewer sees no dump buttons and the server refuses the download", async ({ page }) => {
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.goto(detailUrl());
  await expect(page.getByTestId("backup-sources")).toBeVisible();
  await expect(page.getByTestId("download-dump")).toHaveCount(0);
  await expect(page.getByTestId("download-dump-sql")).toHaveCount(0);
  await expect(page.getByTestId("backup-detail")).toContainText("Downloading a dump needs the operator role.");
  await shot(page, "dumps-03-detail-viewer", { fullPage: false });
  const b = (await admin.get(`/backups/${backupId}`)).body as { sources: { sourceId: string; name: string }[] };
  const pgSource = b.sources.find((s) => s.name === "shop-db")!;
  for (const format of ["file", "sql"]) {
    const res = await page.request.get(
      `/api/v1/backups/${backupId}/download?sourceId=${pgSource.sourceId}&format=${format}`,
    );
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("Viewers can browse");
  }
});
