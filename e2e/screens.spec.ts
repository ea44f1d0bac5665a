/* The backup screens' other states, in real Chromium with real restic and real PostgreSQL: a failed
 * backup shows its error and its log, the dashboard turns red for it, an unreachable S3 destination is
 * named when verified inline, the recovery kit needs the admin's password again, a restore's "Undo"
 * link opens the Restore dialog of its safety backup. Screenshots: artifacts/screenshots/screens-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectSlug = "";
let filesDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-screens-admin");
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-screens-"));
  fs.mkdirSync(path.join(filesDir, "site"));
  fs.writeFileSync(path.join(filesDir, "site", "index.html"), "<h1>hello</h1>\n");
  const project = await admin.send("POST", "/projects", {
    name: "Globex",
    slug: `globex-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const broken = await admin.send("POST", `/projects/${p.id}/environments`, { name: "staging", type: "staging" });
  expect(broken.status, broken.text).toBe(201);
  const brokenId = (broken.body as { id: string }).id;
  const s1 = await admin.send("POST", `/environments/${brokenId}/sources`, {
    name: "orders-db",
    type: "postgres",
    config: {
      host: "127.0.0.1",
      port: 5432,
      database: `missing_${crypto.randomBytes(3).toString("hex")}`,
      user: "postgres",
    },
  });
  expect(s1.status, s1.text).toBe(201);
  const dev = await admin.send("POST", `/projects/${p.id}/environments`, { name: "development", type: "development" });
  expect(dev.status, dev.text).toBe(201);
  const s2 = await admin.send("POST", `/environments/${(dev.body as { id: string }).id}/sources`, {
    name: "site",
    type: "directory",
    config: { path: filesDir },
  });
  expect(s2.status, s2.text).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

async function backupNowAndWait(page: import("@playwright/test").Page, env: string, expected: string) {
  await page.goto(`/projects/${projectSlug}/environments/${env}/backups`);
  await page.getByTestId("backup-now").click();
  await page.getByTestId("backup-now-start").click();
  const row = page.getByTestId("backup-row").first();
  await expect(row).toHaveAttribute("data-status", expected, { timeout: 180_000 });
  return (await row.getAttribute("data-backup-id"))!;
}

test("a failed backup shows its error and log; the dashboard turns red", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await backupNowAndWait(page, "staging", "failed");
  await page.getByTestId("toggle-error").first().click();
  const err = page.getByTestId("backup-error");
  await expect(err).toContainText("orders-db");
  await err.getByTestId("toggle-log").click();
  await expect(page.getByTestId("backup-log")).not.toContainText("Loading log");
  await expect(page.getByTestId("backup-log")).not.toBeEmpty();
  await shot(page, "screens-01-failed-backup");

  await page.goto("/dashboard");
  const row = page.locator("[data-testid=dashboard-row]", { hasText: "staging" }).filter({ hasText: "Globex" });
  await expect(row).toHaveAttribute("data-health", "failing");
  await expect(row.getByTestId("health-reason")).toContainText(/last backup failed/i);
  await expect(page.getByTestId("health-totals")).toContainText(/[1-9]\d* failing/);
  await shot(page, "screens-02-dashboard-failing");
});

test("an unreachable S3 destination is named when verified inline", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/staging/backups/settings`);
  await page.getByTestId("add-destination").click();
  const form = page.getByTestId("add-destination-form");
  await form.getByLabel("Name").fill("Offsite S3");
  await form.getByTestId("input-config.endpoint").fill("https://127.0.0.1:9");
  await form.getByTestId("input-config.bucket").fill("lifeboat-globex");
  await form.getByTestId("input-secrets.accessKeyId").fill("AKIAEXAMPLE");
  await form.getByTestId("input-secrets.secretAccessKey").fill("not-a-real-secret");
  await form.getByTestId("verify-destination").click();
  await expect(form.getByTestId("verify-problem")).toContainText("127.0.0.1", { timeout: 60_000 });
  await expect(form.getByTestId("input-config.bucket")).toHaveValue("lifeboat-globex"); // what was typed stays
  await form.scrollIntoViewIfNeeded();
  await shot(page, "screens-03-verify-destination-failed", { fullPage: false });
});

test("recovery kit after the password again; a restore's Undo opens the safety backup's Restore dialog", async ({
  page,
}) => {
  test.setTimeout(400_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const id = await backupNowAndWait(page, "development", "succeeded");
  await page.goto(`/projects/${projectSlug}/environments/development/backups/${id}`);

  await page.getByTestId("recovery-kit-open").click();
  const kit = page.getByTestId("recovery-kit-dialog");
  await kit.getByTestId("kit-password").fill("not-my-password");
  await kit.getByTestId("kit-reveal").click();
  await expect(kit.getByTestId("form-error")).toContainText(/not your password/i);
  await kit.getByTestId("kit-password").fill(E2E.adminPassword);
  await kit.getByTestId("kit-reveal").click();
  await expect(kit.getByTestId("recovery-kit")).toContainText("restic");
  await expect(kit.getByTestId("recovery-kit")).toContainText("RESTIC_PASSWORD");
  await page.keyboard.press("Escape");
  await expect(kit).toBeHidden();

  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  await expect(dialog.getByTestId("restore-safety")).toBeChecked();
  await expect(dialog.getByTestId("restore-safety")).toBeEnabled(); // optional outside production
  await dialog.getByTestId("scope-files").check();
  await dialog.getByTestId("restore-continue").click();
  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("confirm-text")).toHaveCount(0); // typing the name is for production
  await expect(confirm.getByTestId("confirm-cancel")).toBeFocused();
  await confirm.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("restore-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 240_000 });
  await shot(page, "screens-04-restore-with-undo");
  await page.getByTestId("restore-undo").click();
  await expect(page).toHaveURL(/\?restore=1&undo=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("restore-dialog")).toBeVisible();
  // Undoing a files-only restore proposes files only: the databases were not touched, so not rolled back.
  await expect(page.getByTestId("restore-dialog").getByTestId("scope-files")).toBeChecked();
  await expect(page.getByTestId("backup-detail")).toBeVisible();
  await shot(page, "screens-05-undo-dialog", { fullPage: false });
});
