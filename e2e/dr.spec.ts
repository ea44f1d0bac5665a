/* Issue 9's DR tab in real Chromium against a production build: an environment with a directory source
 * and one real backup (real restic, the default local destination) →
 *  1. the Disaster recovery tab shows targets against the measured (newest good backup and worst gap
 *     green, no test restore amber), and the runbook with the real source, the REST restore of that
 *     backup and the bare-restic commands — with no secret in the page;
 *  2. an admin marks the environment critical: the targets become RPO 1 h / RTO 15 min (API too);
 *  3. printed (print media / page.pdf) the navigation is gone and the runbook remains;
 *  4. the dashboard row says "no proven restore" and is at risk for it.
 * Screens: artifacts/screens/dr/*.png and runbook.pdf. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

const DIR = path.join(process.cwd(), "artifacts", "screens", "dr");
const PROJECT = `DR Shop ${crypto.randomBytes(2).toString("hex")}`;
let admin: Api;
let envId = "";
let backupId = "";
let projectSlug = "";
let srcDir = "";

async function shot(page: Page, name: string) {
  fs.mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: true, animations: "disabled" });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-dr-admin");
  srcDir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-dr-src-"));
  fs.writeFileSync(path.join(srcDir, "index.php"), "<?php echo 'shop';\n");
  const p = await admin.send<{ id: string; slug: string }>("POST", "/projects", { name: PROJECT });
  expect(p.status, p.text).toBe(201);
  projectSlug = p.body.slug;
  const e = await admin.send<{ id: string }>("POST", `/projects/${p.body.id}/environments`, {
    name: "production",
    type: "production",
  });
  expect(e.status, e.text).toBe(201);
  envId = e.body.id;
  const s = await admin.send("POST", `/environments/${envId}/sources`, {
    name: "uploads",
    type: "directory",
    config: { path: srcDir },
  });
  expect(s.status, s.text).toBe(201);
  const b = await admin.send<{ id: string }>("POST", `/environments/${envId}/backups`, {});
  expect(b.status, b.text).toBe(202);
  backupId = b.body.id;
  await expect
    .poll(
      async () => ((await admin.get<{ status: string }>(`/backups/${backupId}`)).body as { status: string }).status,
      {
        timeout: 90_000,
      },
    )
    .toBe("succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (srcDir) fs.rmSync(srcDir, { recursive: true, force: true });
});

test("the DR tab shows targets against the measured and this environment's runbook", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups`);
  await page.getByTestId("tab-dr").click();
  await expect(page).toHaveURL(/\/dr$/);
  await expect(page.getByTestId("dr-line-last_good")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("dr-line-worst_gap")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("dr-line-test_restore")).toHaveAttribute("data-status", "at_risk");
  await expect(page.getByTestId("dr-line-test_restore")).toContainText("No test restore yet");
  await expect(page.getByTestId("dr-status")).toHaveAttribute("data-status", "at_risk");
  await expect(page.getByTestId("dr-lines")).toContainText("RPO 24 h");
  await expect(page.getByTestId("dr-lines")).toContainText("RTO 1 h");
  await expect(page.getByTestId("runbook-sources")).toContainText(`uploads (directory): ${srcDir}`);
  await expect(page.getByTestId("runbook-curl")).toContainText(`/api/v1/backups/${backupId}/restore`);
  const restic = page.getByTestId("runbook-restic").first();
  await expect(restic).toContainText("export RESTIC_PASSWORD=…  # from the recovery kit");
  await expect(restic).toContainText("restore latest --tag source:");
  // The API's view is the page's, and the page carries no repository password.
  const api = await admin.get<{ targets: unknown; measured: { lastGoodBackupAt: string }; status: string }>(
    `/environments/${envId}/dr`,
  );
  expect(api.body).toMatchObject({ targets: { rpoSeconds: 86400, rtoSeconds: 3600 }, status: "at_risk" });
  const html = await page.content();
  expect(html).not.toMatch(/RESTIC_PASSWORD=(?!…)[A-Za-z0-9+/=_-]{8,}/);
  await shot(page, "dr-01-tab");
});

test("an admin marks the environment critical and the targets follow", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/dr`);
  await page.getByTestId("dr-edit").click();
  await page.getByTestId("input-rtoSeconds").fill("0.5");
  await page.getByTestId("dr-save").click();
  await expect(page.getByTestId("field-error-rtoSeconds")).toHaveText(
    "The RTO target must be at least 1 minute (60 seconds)",
  );
  await shot(page, "dr-02-form-error");
  await page.getByTestId("input-rtoSeconds").fill("");
  await page.getByTestId("dr-critical").check();
  await page.getByTestId("dr-save").click();
  await expect(page.getByTestId("dr-saved")).toBeVisible();
  await expect(page.getByTestId("dr-lines")).toContainText("RPO 1 h");
  await expect(page.getByTestId("dr-lines")).toContainText("RTO 15 min");
  const api = await admin.get<{ critical: boolean; targets: unknown }>(`/environments/${envId}/dr`);
  expect(api.body).toMatchObject({ critical: true, targets: { rpoSeconds: 3600, rtoSeconds: 900 } });
  await shot(page, "dr-03-critical");
});

test("the runbook prints without navigation", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/dr`);
  await expect(page.getByTestId("runbook")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("tab-dr")).toBeHidden();
  await expect(page.getByTestId("logo")).toBeHidden();
  await expect(page.getByTestId("dr-print")).toBeHidden();
  await expect(page.getByTestId("runbook-step-6")).toBeVisible();
  await shot(page, "dr-04-print");
  fs.mkdirSync(DIR, { recursive: true });
  const pdf = await page.pdf({ path: path.join(DIR, "runbook.pdf"), format: "A4", printBackground: false });
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: "screen" });
});

test("the dashboard row says no restore has been proven", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const row = page.getByTestId("dashboard-row").filter({ hasText: PROJECT });
  await expect(row).toHaveAttribute("data-health", "at_risk");
  await expect(row.getByTestId("health-reason")).toContainText("No test restore has proven it yet.");
  await expect(row.getByTestId("last-proven")).toHaveText("no proven restore");
  await shot(page, "dr-05-dashboard");
});
