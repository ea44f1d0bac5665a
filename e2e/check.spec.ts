/* Issue 9 items 2–3 in real Chromium against a production build: a destination's integrity line on the
 * Destinations page and "Check now" with its result. A real directory backup into a real local restic
 * repository; "Check now" passes (the rotating subset 1/30: "structure checked … · 3.3 % of data read in
 * the last 30 days"); then one pack file is damaged on disk and a full-data check through the API fails,
 * naming the pack and the backup: the line turns red, the backup shows "damaged" in the Backups tab and
 * the API, and the restore dialog warns. Screens under artifacts/screens/check/. (Written by the "check"
 * room for its own UI, adapted to the one that landed.) */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let repoDir = "";
let destId = "";
let projectSlug = "";
const destName = `Checked disk ${crypto.randomBytes(2).toString("hex")}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-check-admin");
  const tag = crypto.randomBytes(3).toString("hex");
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-check-"));
  const site = path.join(repoDir, "site");
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, "big.bin"), crypto.randomBytes(2_000_000));
  fs.writeFileSync(path.join(site, "index.html"), "<h1>shop</h1>");
  const project = await admin.send("POST", "/projects", { name: "Check Shop", slug: `check-shop-${tag}` });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "staging", type: "staging" });
  expect(env.status, env.text).toBe(201);
  const environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: site },
  });
  expect(src.status, src.text).toBe(201);
  const dest = await admin.send("POST", "/destinations", {
    name: destName,
    type: "local",
    config: { path: path.join(repoDir, "repo") },
  });
  expect(dest.status, dest.text).toBe(201);
  destId = (dest.body as { id: string }).id;
  const settings = await admin.get(`/environments/${environmentId}/backup-settings`);
  const put = await admin.send("PUT", `/environments/${environmentId}/backup-settings`, {
    ...(settings.body as Record<string, unknown>),
    destinationIds: [destId],
  });
  expect(put.status, put.text).toBe(200);
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, {});
  expect(started.status, started.text).toBe(202);
  const backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
      intervals: [500],
    })
    .toBe("succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (repoDir) fs.rmSync(repoDir, { recursive: true, force: true });
});

test("Check now on a destination shows the result and the integrity line; damage turns it red", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/destinations");
  const row = page.getByTestId(`destination-row-${destName}`);
  const line = row.getByTestId(`integrity-${destName}`);
  await expect(line).toHaveText(/^never checked/);
  await expect(row.getByTestId(`read-plan-${destName}`)).toHaveText(
    /all data read every 30 checks · about .* per check/,
  );
  await row.getByTestId(`check-now-${destName}`).click();
  await expect(row.getByTestId("check-result")).toHaveAttribute("data-ok", "true", { timeout: 90_000 });
  await expect(row.getByTestId("check-result")).toHaveText(/intact \(data part 1\/30 read\)/);
  await expect(line).toHaveText(/structure checked .* · 3\.3 % of data read in the last 30 days/);
  const api = await admin.get(`/destinations/${destId}`);
  const integrity = (api.body as { integrity: { lastCheckStatus: string; dataReadPercent30d: number } }).integrity;
  expect(integrity).toMatchObject({ lastCheckStatus: "succeeded", dataReadPercent30d: 3.3 });
  await shot(page, "../screens/check/destinations-check-passed");

  // Damage the biggest pack file of the repository, then check all data through the API.
  const data = path.join(repoDir, "repo", "data");
  const packs = fs
    .readdirSync(data, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  fs.chmodSync(packs[0]!, 0o600);
  const fd = fs.openSync(packs[0]!, "r+");
  fs.writeSync(fd, Buffer.from("LIFEBOAT-DAMAGE!"), 0, 16, 200);
  fs.closeSync(fd);
  const c = await admin.send("POST", `/destinations/${destId}/check`, { readData: "all" });
  expect(c.status, c.text).toBe(202);
  const checkId = (c.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/checks/${checkId}`)).body as { status: string }).status, { timeout: 60_000 })
    .toBe("failed");
  const failed = (await admin.get(`/checks/${checkId}`)).body as { damagedPacks: string[]; damagedBackupIds: string[] };
  expect(failed.damagedPacks).toEqual([path.basename(packs[0]!)]);
  expect(failed.damagedBackupIds).toHaveLength(1);

  await page.reload();
  await expect(line).toHaveAttribute("data-status", "failed");
  await expect(line).toHaveText(/check failed .* · 3\.3 % of data read/);
  await shot(page, "../screens/check/destinations-check-failed");

  await page.goto(`/projects/${projectSlug}/environments/staging/backups`);
  await expect(page.getByTestId("damaged-badge")).toHaveCount(1);
  await shot(page, "../screens/check/backups-damaged");
  const b = await admin.get(`/backups/${failed.damagedBackupIds[0]}`);
  expect((b.body as { damaged: boolean }).damaged).toBe(true);
});

test("Budget & checks: a download cap lengthens the data-read rotation, shown before saving", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/destinations");
  const row = page.getByTestId(`destination-row-${destName}`);
  await row.getByTestId(`destination-settings-${destName}`).click();
  const dialog = page.getByTestId("destination-settings-dialog");
  await expect(dialog.getByTestId("read-plan")).toContainText("read once every 30 checks");
  const field = (label: string) => dialog.getByLabel(label);
  await field("Read all data over (checks)").fill("0");
  await dialog.getByTestId("destination-settings-save").click();
  await expect(dialog.getByText("Read the data over at least 1 check")).toBeVisible();
  await field("Read all data over (checks)").fill("1");
  await field("Download cap per check (GiB)").fill("0.001"); // ~1 MiB against ~2 MB stored: 2 checks
  await field("Budget (GiB)").fill("50");
  await expect(dialog.getByTestId("read-plan")).toContainText("read once every 2 checks");
  await expect(dialog.getByTestId("read-plan")).toContainText("The download cap makes the rotation longer");
  await shot(page, "../screens/check/destination-settings-dialog");
  await dialog.getByTestId("destination-settings-save").click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId(`read-plan-${destName}`)).toHaveText(/all data read every 2 checks/);
  const api = await admin.get(`/destinations/${destId}/check-settings`);
  expect(api.body).toMatchObject({
    readDataRuns: 1,
    maxReadGibPerRun: 0.001,
    effectiveReadDataRuns: 2,
    raisedByCap: true,
  });
  const storage = await admin.get(`/destinations/${destId}/storage-settings`);
  expect(storage.body).toMatchObject({ budgetGib: 50 });
  const bad = await admin.send("PUT", `/destinations/${destId}/check-settings`, { readDataRuns: 1000 });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain("at most 365 checks");
});
