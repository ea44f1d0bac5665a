/* Issue 11, items 8 and 16, in real Chromium against a production build (real restic, real files):
 *  1. Backup now on a folder of 3,600,000 bytes whose pre hook takes a few seconds: while it runs, the
 *     banner and its row in the list show the same state (sampled the whole run, "running" seen in
 *     both); at the end the job's progress is the folder's real size (not "done · 0 B"), and the detail
 *     shows a size of the folder and an "Added" that is not above it (restic's data_added of a first
 *     backup is larger: the tooltip says it includes restic's metadata)
 *  2. Backup Settings: "24 hourly · 7 daily · 4 weekly · 12 monthly" with a daily schedule warns that the
 *     hourly rule cannot keep one backup per hour and how many backups the policy really keeps; with an
 *     hourly schedule the warning goes away
 * Screens: artifacts/screenshots/backup-state-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";
import { panelGet } from "./fixtures/backup-checks";

const FILES = 36;
const FILE_BYTES = 100_000;
const FOLDER_BYTES = FILES * FILE_BYTES;

let admin: Api;
let projectSlug = "";
let environmentId = "";
let filesDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-backup-state");
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-state-"));
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(filesDir, `f-${i}.bin`), crypto.randomBytes(FILE_BYTES));
  const project = await admin.send("POST", "/projects", {
    name: "State Check",
    slug: `state-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "dev", type: "development" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
  // The pre hook keeps the backup running long enough to look at it (a consistent backup runs hooks).
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: filesDir },
    hooks: { pre: { command: "sleep 5" } },
  });
  expect(src.status, src.text).toBe(201);
  const dest = await admin.send("POST", "/destinations", {
    name: "State disk",
    type: "local",
    config: { path: `${filesDir}-repo` },
  });
  expect(dest.status, dest.text).toBe(201);
  const settings = await admin.send("PUT", `/environments/${environmentId}/backup-settings`, {
    schedules: [{ cron: "0 2 * * *", timezone: "UTC" }],
    retention: { preset: "gfs-long" },
    destinationIds: [(dest.body as { id: string }).id],
    live: false,
  });
  expect(settings.status, settings.text).toBe(200);
});

test.afterAll(async () => {
  await admin?.dispose();
  for (const d of [filesDir, `${filesDir}-repo`]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const envBase = () => `/projects/${projectSlug}/environments/dev`;

test("while a backup runs its banner and its row say the same; the bytes shown are the folder's", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups`);
  await page.getByTestId("backup-now").click();
  await page.getByTestId("backup-now-start").click();
  const banner = page.getByTestId("active-backup");
  await expect(banner).toBeVisible();
  const backupId = (await banner.getAttribute("data-backup-id"))!;
  const row = page.locator(`[data-testid=backup-row][data-backup-id="${backupId}"]`);

  const samples: string[] = [];
  let runningShot = false;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [b, r] = await Promise.all([
      banner.getAttribute("data-status", { timeout: 1_000 }).catch(() => null),
      row.getAttribute("data-status", { timeout: 1_000 }).catch(() => null),
    ]);
    if (b && r) {
      samples.push(`${b}/${r}`);
      // The row follows the banner's poll at once; allow one render between the two reads.
      if (b !== r) {
        await page.waitForTimeout(150);
        const [b2, r2] = [
          await banner.getAttribute("data-status").catch(() => null),
          await row.getAttribute("data-status"),
        ];
        if (b2) expect(`${b2}/${r2}`, `samples: ${samples.join(" ")}`).toBe(`${b2}/${b2}`);
      }
      if (b === "running" && r === "running" && !runningShot) {
        await shot(page, "backup-state-01-running", { fullPage: false });
        runningShot = true;
      }
    }
    if (!b && r && r !== "queued" && r !== "running") break;
    await page.waitForTimeout(250); // polling the DOM, bounded by the deadline
  }
  expect(samples, "the banner and the row both said running").toContain("running/running");
  await expect(row).toHaveAttribute("data-status", "succeeded");

  // The job's last progress is the backup's real size, not "done · 0 B".
  const b = await panelGet<{ jobId: string; totalBytes: number; addedBytes: number }>(
    page,
    `/api/v1/backups/${backupId}`,
  );
  expect(b.totalBytes).toBe(FOLDER_BYTES);
  const job = await panelGet<{ progress: { bytesDone: number; bytesTotal: number; phase: string } }>(
    page,
    `/api/v1/jobs/${b.jobId}`,
  );
  expect(job.progress).toMatchObject({ bytesDone: FOLDER_BYTES, bytesTotal: FOLDER_BYTES, phase: "done" });

  // The list and the detail never show more added than the size; restic's own figure is in the tooltip.
  const shownSize = "3.4 MiB";
  await expect(row.getByTestId("backup-added")).toHaveText(shownSize);
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("stat-size")).toHaveText(shownSize);
  await expect(page.getByTestId("stat-added")).toHaveText(shownSize);
  expect(b.addedBytes, "restic's data_added of a first backup counts its metadata too").toBeGreaterThan(FOLDER_BYTES);
  await expect(page.getByTestId("stat-added").locator("..")).toHaveAttribute("title", /includes restic's metadata/);
  await shot(page, "backup-state-02-detail");
});

test("the retention section warns when the schedule cannot fill the hourly rule", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`${envBase()}/backups/settings`);
  const form = page.getByTestId("backup-settings-form");
  await expect(form.getByTestId("retention-preset")).toHaveValue("gfs-long");
  const warning = form.getByTestId("retention-warning");
  await expect(warning).toContainText("Your schedules make about 1 backup a day");
  await expect(warning).toContainText("“24 hourly” cannot keep one backup per hour");
  await expect(warning).toContainText(/In all this policy keeps about \d+ backups, not 47\./);
  await shot(page, "backup-state-03-retention-warning");

  await form.getByTestId("schedule-cron").first().fill("0 * * * *");
  await expect(warning).toHaveCount(0);
});
