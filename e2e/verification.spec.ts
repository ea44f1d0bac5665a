/* Issue 9, item 1, in real Chromium against a production build: an environment with a real PostgreSQL
 * database and a real folder (required paths `index.php`, `uploads/`) is backed up three times through
 * the API (real pg_dump / restic): clean (verified), after most of the uploads were deleted (a size
 * anomaly: warnings) and after index.php was deleted too (verification failed, the backup not
 * "succeeded"). The Backups tab shows one badge per backup; the warning badge opens the verification
 * panel with each check's name, status and message; the backup page shows the same panel. Screens under
 * artifacts/screens/verify/. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";
import { PG, psql } from "./fixtures/backup-checks";

const SHOTS = path.join(process.cwd(), "artifacts", "screens", "verify");
let admin: Api;
let projectSlug = "";
let environmentId = "";
let pgName = "";
let tmp = "";
const ids: string[] = [];

test.describe.configure({ mode: "serial" });

async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage, animations: "disabled" });
}

async function backUp(): Promise<{ id: string; status: string }> {
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, { live: true });
  expect(started.status, started.text).toBe(202);
  const id = (started.body as { id: string }).id;
  let status = "";
  await expect
    .poll(
      async () => {
        status = ((await admin.get(`/backups/${id}`)).body as { status: string }).status;
        return ["succeeded", "partial", "failed"].includes(status);
      },
      { timeout: 180_000, intervals: [500] },
    )
    .toBe(true);
  ids.push(id);
  return { id, status };
}

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-verify-admin");
  const tag = crypto.randomBytes(3).toString("hex");
  pgName = `lb_e2e_verify_${tag}`;
  execFileSync("psql", [...PG, "-d", "postgres", "-c", `CREATE DATABASE ${pgName}`]);
  psql(
    pgName,
    "CREATE TABLE orders (id serial PRIMARY KEY, note text);" +
      "INSERT INTO orders (note) SELECT 'order ' || g FROM generate_series(1, 1200) g;",
  );
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-verify-"));
  const site = path.join(tmp, "site");
  fs.mkdirSync(path.join(site, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.php"), "<?php echo 'shop';");
  for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(site, "uploads", `p${i}.jpg`), crypto.randomBytes(40_000));

  const project = await admin.send("POST", "/projects", { name: "Proof Shop", slug: `proof-shop-${tag}` });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
  for (const source of [
    {
      name: "shop-db",
      type: "postgres",
      config: { host: "127.0.0.1", port: 5432, database: pgName, user: "postgres" },
    },
    { name: "site", type: "directory", config: { path: site, requiredPaths: ["index.php", "uploads/"] } },
  ]) {
    const r = await admin.send("POST", `/environments/${environmentId}/sources`, source);
    expect(r.status, r.text).toBe(201);
  }
  const dest = await admin.send("POST", "/destinations", {
    name: "Proof disk",
    type: "local",
    config: { path: path.join(tmp, "repo") },
  });
  expect(dest.status, dest.text).toBe(201);

  expect((await backUp()).status).toBe("succeeded");
  for (let i = 0; i < 24; i++) fs.rmSync(path.join(site, "uploads", `p${i}.jpg`));
  expect((await backUp()).status).toBe("succeeded");
  fs.rmSync(path.join(site, "index.php"));
  expect((await backUp()).status).toBe("partial");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (pgName) execFileSync("psql", [...PG, "-d", "postgres", "-c", `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("the API and the Backups tab show each backup's verification, and its panel lists every check", async ({
  page,
}) => {
  type View = { verification: { status: string; checks: { name: string; status: string }[] } };
  const views = await Promise.all(ids.map(async (id) => (await admin.get(`/backups/${id}`)).body as View));
  expect(views.map((v) => v.verification.status)).toEqual(["passed", "warning", "failed"]);
  const first = views[0]!.verification.checks.map((c) => `${c.name}: ${c.status}`);
  expect(first).toEqual(
    expect.arrayContaining([
      "Snapshots listed: passed",
      "Dump is complete · shop-db: passed",
      "Row counts · shop-db: passed",
      "Required paths · site: passed",
    ]),
  );

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups`);
  const row = (id: string) => page.locator(`[data-testid="backup-row"][data-backup-id="${id}"]`);
  await expect(row(ids[0]!).getByTestId("verification-badge")).toHaveAttribute("data-status", "passed");
  await expect(row(ids[1]!).getByTestId("verification-badge")).toHaveText("warnings");
  await expect(row(ids[2]!).getByTestId("verification-badge")).toHaveText("verify failed");
  await shot(page, "verify-01-backups-tab");

  await row(ids[1]!).getByTestId("verification-badge").click();
  const dialog = page.getByTestId("verification-dialog");
  await expect(dialog).toBeVisible();
  const warn = dialog.locator('[data-testid="verification-check"][data-status="warning"]');
  await expect(warn).toHaveCount(1);
  await expect(warn).toContainText("Size anomaly · site");
  await expect(warn).toContainText("less than half the median");
  await expect(dialog.locator('[data-testid="verification-check"][data-status="passed"]')).toHaveCount(5);
  await shot(page, "verify-02-panel-warning", false);
  await page.keyboard.press("Escape");

  await row(ids[2]!).getByTestId("verification-badge").click();
  await expect(dialog.locator('[data-testid="verification-check"][data-status="failed"]')).toContainText(
    "Missing from the snapshot: index.php",
  );
  await shot(page, "verify-03-panel-failed", false);
  await page.keyboard.press("Escape");

  await page.goto(`/projects/${projectSlug}/environments/production/backups/${ids[2]}`);
  const panel = page.getByTestId("verification-panel");
  await expect(panel).toHaveAttribute("data-status", "failed");
  await expect(panel.getByTestId("verification-check").first()).toHaveAttribute("data-status", "failed");
  await shot(page, "verify-04-backup-page");
});
