import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";
import { captureAction, hashTree, panelGet, psql, type Captured } from "./fixtures/backup-checks";
import { checksumRows, removeBackupsScenario, seedBackupsScenario } from "./fixtures/backups-seed";

const PROJECT = "Acme Shop";
const ENV_NAME = "production";
const VIEWER = { email: "backups-viewer@lifeboat.test", password: "viewer-password-456" };

type BackupRow = { id: string; status: string; jobId?: string | null };

let admin: Api;
let projectSlug = "";
let environmentId = "";
let dbName = "";
let filesDir = "";
let fileHashes: Record<string, string> = {};
let rowsChecksum = "";
let backupId = "";
let capturedBackup: Captured | null = null;
let capturedRestore: Captured | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-backups-admin");
  ({ projectSlug, environmentId, dbName, filesDir, fileHashes, rowsChecksum } = await seedBackupsScenario(admin, {
    project: PROJECT,
    environment: ENV_NAME,
    viewer: VIEWER,
  }));
});

test.afterAll(async () => {
  await admin?.dispose();
  removeBackupsScenario({ dbName, filesDir });
});

function envBase() {
  return `/projects/${projectSlug}/environments/production`;
}

// Every request each test's page sends ("GET /api/v1/…"): the panel reads /api/v1 with its session
// cookie and has no second API, so nothing may go to /api/panel.
let requests: string[] = [];
test.beforeEach(({ page }) => {
  requests = [];
  page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
});
test.afterEach(() => {
  expect(requests.filter((r) => r.includes("/api/panel"))).toEqual([]);
});

test("gear icon: cron validation, words and next runs, save confirmation with Dismiss", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups`);
  await expect(page.getByTestId("empty-backups")).toBeVisible();
  await shot(page, "backups-01-empty");

  await page.getByTestId("backup-settings-link").click();
  await expect(page).toHaveURL(/\/backups\/settings$/);
  const form = page.getByTestId("backup-settings-form");
  await expect(form).toBeVisible();

  // Exactly one schedule row, which the test types into.
  const rows = form.getByTestId("schedule-row");
  while ((await rows.count()) > 1) await rows.last().getByTestId("remove-schedule").click();
  if ((await rows.count()) === 0) await form.getByTestId("add-schedule").click();
  const cron = rows.first().getByTestId("schedule-cron");

  await cron.fill("61 2 * * *");
  await expect(rows.first().getByTestId("schedule-error")).toContainText(/not a valid cron expression/i);
  await expect(cron).toHaveAttribute("aria-invalid", "true");
  await shot(page, "backups-02-settings-invalid-cron");

  await rows.first().getByTestId("schedule-timezone").selectOption("Europe/Berlin");
  await cron.fill("0 2 * * *");
  await expect(rows.first().getByTestId("schedule-words")).toContainText("02:00");
  await expect(rows.first().getByTestId("schedule-words")).toContainText("Europe/Berlin");
  await expect(rows.first().getByTestId("schedule-next-runs")).toContainText(
    /next: .*02:00.*02:00.*02:00.*02:00.*02:00/,
  );
  await expect(rows.first().getByTestId("schedule-error")).toHaveCount(0);

  // The cron help tooltip opens on keyboard focus.
  await rows.first().getByTestId("cron-help").focus();
  await expect(page.getByRole("tooltip")).toContainText("every minute");
  await shot(page, "backups-03-settings-cron-help", { fullPage: false });
  await page.keyboard.press("Escape");

  // Back up to the destination the test created, and only there.
  for (const opt of await form.getByTestId("destination-option").all()) {
    const box = opt.locator("input[type=checkbox]");
    const mine = (await opt.textContent())?.includes("Backup disk");
    if ((await box.isChecked()) !== mine) await box.click();
  }
  await form.getByTestId("retention-preset").selectOption({ label: "7 daily · 6 weekly · 1 monthly" });
  await expect(form.getByTestId("retention-preview")).toContainText(/no backups yet/i);

  await form.getByTestId("settings-save").click();
  const saved = page.getByTestId("settings-saved");
  await expect(saved).toContainText(/Backup settings saved\. The next backup runs \w{3} 02:00\./);
  await shot(page, "backups-04-settings-saved");
  await saved.getByTestId("notice-dismiss").click();
  await expect(saved).toHaveCount(0);

  // Persisted: a reload shows what was saved.
  await page.reload();
  await expect(page.getByTestId("schedule-cron").first()).toHaveValue("0 2 * * *");
  await expect(page.getByTestId("schedule-timezone").first()).toHaveValue("Europe/Berlin");
});

test("Backup now: the progress bar moves and the row turns succeeded", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups`);
  captureAction(
    page,
    (b) => b.includes(environmentId) && b.includes("live"),
    (c) => (capturedBackup ??= c),
  );

  await page.getByTestId("backup-now").click();
  const dialog = page.getByTestId("backup-now-dialog");
  await expect(dialog).toContainText("Live");
  await expect(dialog).toContainText("Consistent");
  await shot(page, "backups-05-backup-now-dialog", { fullPage: false });
  await dialog.getByTestId("backup-now-start").click();
  await expect(dialog).toBeHidden();

  // Sample the bar while it runs: it must show at least one percentage strictly between 0 and 100
  // before the row says succeeded.
  const active = page.getByTestId("active-backup");
  await expect(active).toBeVisible();
  backupId = (await active.getAttribute("data-backup-id"))!;
  const seen = new Set<string>();
  let shotTaken = false;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const bar = page.getByTestId("progress-bar");
    if ((await bar.count()) > 0) {
      const pct = await bar
        .first()
        .getAttribute("data-percent")
        .catch(() => null);
      if (pct) seen.add(pct);
      if (!shotTaken && pct && Number(pct) > 0 && Number(pct) < 100) {
        await shot(page, "backups-06-running", { fullPage: false });
        shotTaken = true;
      }
    }
    const status = await page
      .locator(`[data-testid=backup-row][data-backup-id="${backupId}"]`)
      .getAttribute("data-status")
      .catch(() => null);
    if (status && status !== "running" && status !== "queued") break;
    await page.waitForTimeout(200); // polling the DOM, bounded by the deadline
  }
  const row = page.locator(`[data-testid=backup-row][data-backup-id="${backupId}"]`);
  await expect(row).toHaveAttribute("data-status", "succeeded");
  const values = [...seen].map(Number);
  expect(
    values.some((v) => v > 0 && v < 100),
    `progress values seen: ${[...seen].join(", ")}`,
  ).toBe(true);
  // Sources now run in parallel and a small environment may finish between two polls: one value strictly
  // between 0 and 100 followed by "succeeded" is the bar moving; a bar stuck at 0 or absent fails above.
  await expect(page.getByTestId("active-backup")).toHaveCount(0);
  await shot(page, "backups-07-succeeded");
  // The progress came from polling the REST API's backup resource.
  expect(requests).toContain(`GET /api/v1/backups/${backupId}`);

  // Persisted state: the backup and one snapshot per source, as the API reports it to the panel's session.
  type SourceRow = { name: string; snapshotId: string | null; status: string };
  const b = await panelGet<{ status: string; sources: SourceRow[] }>(page, `/api/v1/backups/${backupId}`);
  expect(b.status).toBe("succeeded");
  expect(b.sources.map((s) => s.name).sort()).toEqual(["shop-db", "uploads"]);
  expect(b.sources.every((s) => s.status === "succeeded" && /^[0-9a-f]{64}$/.test(s.snapshotId ?? ""))).toBe(true);

  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard-row").first()).toBeVisible();
  await expect(page.getByTestId("health-totals")).toContainText("healthy");
  await shot(page, "backups-08-dashboard");
  await page.goto(`${envBase()}/monitoring`);
  await expect(page.getByTestId("chart-size")).toBeVisible();
  await shot(page, "backups-09-monitoring");
});

test("damaged table and deleted files: Restore everything, typing the name, brings them back byte-exact", async ({
  page,
}) => {
  test.setTimeout(600_000);
  psql(dbName, "DELETE FROM items WHERE id % 3 = 0; UPDATE items SET name = 'damaged' WHERE id < 100;");
  fs.rmSync(path.join(filesDir, "media", "clip-2.bin"));
  fs.rmSync(path.join(filesDir, "docs"), { recursive: true });
  fs.writeFileSync(path.join(filesDir, "media", "clip-0.bin"), "overwritten");
  expect(checksumRows(dbName)).not.toBe(rowsChecksum);

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups/${backupId}`);
  await expect(page.getByTestId("backup-detail")).toBeVisible();
  await expect(page.locator("#main").getByTestId("file-browser")).toBeVisible();
  await shot(page, "backups-10-detail");
  captureAction(
    page,
    (b) => b.includes(backupId) && b.includes("scope"),
    (c) => (capturedRestore ??= c),
  );

  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  await dialog.getByTestId("scope-full").check();
  await expect(dialog.getByTestId("restore-safety")).toBeChecked();
  await expect(dialog.getByTestId("restore-safety")).toBeDisabled(); // forced for production
  await shot(page, "backups-11-restore-dialog", { fullPage: false });
  await dialog.getByTestId("restore-continue").click();

  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm).toContainText(`Restore into ${PROJECT} / ${ENV_NAME}?`);
  await expect(confirm.getByTestId("restore-summary")).toContainText("shop-db");
  await expect(confirm.getByTestId("restore-summary")).toContainText("uploads");
  await expect(confirm.getByTestId("confirm-cancel")).toBeFocused();
  await expect(confirm.getByTestId("confirm-submit")).toBeDisabled();
  await confirm.getByTestId("confirm-text").fill("prod");
  await expect(confirm.getByTestId("confirm-submit")).toBeDisabled();
  await confirm.getByTestId("confirm-text").fill(ENV_NAME);
  await shot(page, "backups-12-restore-confirm", { fullPage: false });
  await confirm.getByTestId("confirm-submit").click();

  const progress = page.getByTestId("restore-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 480_000 });
  await expect(progress.getByTestId("restore-undo")).toBeVisible();
  await expect(progress.getByTestId("restore-undo")).toHaveAttribute(
    "href",
    /\/backups\/[0-9a-f-]{36}\?restore=1&undo=[0-9a-f-]{36}$/,
  );
  await expect(progress.getByTestId("restore-headline")).toHaveText(`Restored into ${PROJECT} / ${ENV_NAME}.`);
  expect(requests.some((r) => r.startsWith("GET /api/v1/restores/"))).toBe(true);
  await shot(page, "backups-13-restore-done");

  expect(checksumRows(dbName)).toBe(rowsChecksum);
  const now = hashTree(filesDir);
  for (const [rel, sha] of Object.entries(fileHashes)) expect(now[rel], rel).toBe(sha);
});

test("one file ticked in the browser is restored alone", async ({ page }) => {
  test.setTimeout(300_000);
  const target = path.join(filesDir, "docs", "letters", "hello.md");
  fs.rmSync(target);
  const readme = path.join(filesDir, "docs", "readme.txt");
  fs.writeFileSync(readme, "changed after the backup\n"); // must stay as it is: only hello.md is restored

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups/${backupId}`);
  const browser = page.locator("#main").getByTestId("file-browser");
  await expect(browser).toBeVisible();
  // The listing loads after hydration: wait for it before deciding which folders are there.
  await expect(browser.locator("[data-testid=file-row]").first()).toBeVisible();
  // Walk down to the file: through the source's own path (if the index shows it) then docs/letters.
  const segments = [...filesDir.split("/").filter(Boolean), "docs", "letters"];
  for (const seg of segments) {
    const folder = browser.locator(`[data-testid=file-row][data-type=dir][data-name="${seg}"]`);
    if ((await folder.count()) === 0) continue;
    const crumbs = browser.getByRole("navigation", { name: "Folder" });
    const t0 = Date.now();
    // A click that lands before hydration does nothing: click again until the breadcrumb shows it.
    await expect(async () => {
      if (!((await crumbs.textContent()) ?? "").includes(seg))
        await folder.getByTestId("open-folder").click({ timeout: 2000 });
      await expect(crumbs).toContainText(seg, { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expect(browser.locator("[data-testid=file-row]").first()).toBeVisible();
    expect(Date.now() - t0, `opening ${seg}`).toBeLessThan(5000);
  }
  const file = browser.locator(`[data-testid=file-row][data-name="hello.md"]`);
  await expect(file).toBeVisible();
  expect(requests.some((r) => r.startsWith(`GET /api/v1/backups/${backupId}/files`))).toBe(true);

  // Download the file from the backup (streamed tar): it holds the backed-up content.
  const [download] = await Promise.all([page.waitForEvent("download"), file.getByTestId("download-tar").click()]);
  expect(download.suggestedFilename()).toMatch(/\.tar$/);
  expect(new URL(download.url()).pathname).toBe(`/api/v1/backups/${backupId}/download`);
  const tar = fs.readFileSync((await download.path())!);
  expect(tar.includes(Buffer.from("# Hello\n\nA letter.\n"))).toBe(true);
  await file.getByTestId("file-pick").check();
  await expect(page.getByTestId("picked-count")).toContainText("1 selected");
  await shot(page, "backups-14-file-ticked");

  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  await expect(dialog.getByTestId("scope-paths")).toBeChecked();
  await dialog.getByTestId("restore-continue").click();
  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("restore-summary")).toContainText("hello.md");
  await confirm.getByTestId("confirm-text").fill(ENV_NAME);
  await confirm.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("restore-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 240_000 });

  expect(crypto.createHash("sha256").update(fs.readFileSync(target)).digest("hex")).toBe(
    fileHashes["docs/letters/hello.md"],
  );
  expect(fs.readFileSync(readme, "utf8")).toBe("changed after the backup\n");
});

test("a viewer sees no Backup, Restore or Settings buttons, and the server refuses the same calls", async ({
  page,
}) => {
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.goto(`${envBase()}/backups`);
  await expect(page.getByTestId("backups-table")).toBeVisible();
  await expect(page.getByTestId("backup-now")).toHaveCount(0);
  await expect(page.getByTestId("backup-settings-link")).toHaveCount(0);
  await expect(page.getByTestId("row-restore")).toHaveCount(0);
  const countBefore = (
    await panelGet<{ items: BackupRow[] }>(page, `/api/v1/environments/${environmentId}/backups?limit=200`)
  ).items.length;
  await shot(page, "backups-15-viewer-list");
  await page.goto(`${envBase()}/backups/${backupId}`);
  await expect(page.getByTestId("backup-detail")).toBeVisible();
  await expect(page.getByTestId("restore-open")).toHaveCount(0);
  await expect(page.getByTestId("recovery-kit-open")).toHaveCount(0);
  await expect(page.getByTestId("file-pick")).toHaveCount(0);
  await shot(page, "backups-16-viewer-detail");
  await page.goto(`${envBase()}/backups/settings`);
  await expect(page.getByTestId("settings-save")).toHaveCount(0);

  // Replayed server actions (captured from the admin's clicks) with the viewer's session cookie.
  for (const c of [capturedBackup, capturedRestore]) {
    expect(c, "the admin's server-action request was captured").not.toBeNull();
    const res = await page.request.post(c!.url, {
      headers: {
        "Next-Action": c!.actionId,
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: E2E.url,
        ...(c!.routerState ? { "Next-Router-State-Tree": c!.routerState } : {}),
      },
      data: c!.body,
    });
    const text = await res.text();
    expect(text).toContain('"forbidden"');
    expect(text).not.toContain('"ok":true');
  }

  // The REST API refuses the viewer's token too.
  const viewer = await apiAs(VIEWER.email, VIEWER.password, "viewer-backups");
  const calls = [
    await viewer.send("POST", `/environments/${environmentId}/backups`, { live: true }),
    await viewer.send("POST", `/backups/${backupId}/restore`, { scope: "full" }),
    await viewer.send("PUT", `/environments/${environmentId}/backup-settings`, { schedules: [] }),
  ];
  for (const r of calls) expect([403, 404], r.text).toContain(r.status);
  expect(calls.filter((r) => r.status === 403).length, "at least the routes that exist answer 403").toBeGreaterThan(0);
  await viewer.dispose();

  const countAfter = (
    await panelGet<{ items: BackupRow[] }>(page, `/api/v1/environments/${environmentId}/backups?limit=200`)
  ).items.length;
  expect(countAfter).toBe(countBefore);
});

test("dark mode screens", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.goto(`${envBase()}/backups`);
  await expect(page.getByTestId("backups-table")).toBeVisible();
  await shot(page, "backups-17-list-dark");
  await page.goto(`${envBase()}/backups/settings`);
  await expect(page.getByTestId("schedule-words").first()).toBeVisible();
  await shot(page, "backups-18-settings-dark");
  await page.goto(`${envBase()}/backups/${backupId}`);
  await expect(page.locator("#main").getByTestId("file-browser")).toBeVisible();
  await shot(page, "backups-19-detail-dark");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});
