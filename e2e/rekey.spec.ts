/* Re-key repository (issue 13 item 2) in real Chromium against a production build: a destination with one
 * backup of real files; its Keys dialog → "Re-key repository" opens a confirm dialog that says what is
 * copied (snapshots, size) and how long the old repository is kept; with the admin's password the rekey
 * job runs to the switch: the status line says so with the old location and its deletion date, and the
 * API's recovery kit names the new repository while the backup still restores from it. The new
 * repository's password and location are chosen in the dialog (its optional fields): the bare restic CLI
 * opens the chosen location with the chosen password. Screens under artifacts/screens/rekey/ and
 * artifacts/screens/copyends/. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let root = "";
let destId = "";
let backupId = "";
let site = "";
const tag = crypto.randomBytes(2).toString("hex");
const destName = `Rekeyed disk ${tag}`;
const SCREENS = path.join(process.cwd(), "artifacts", "screens", "rekey");
const bigBytes = crypto.randomBytes(1_500_000);
const chosenPassword = `chosen new repository password ${tag}`;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-rekey-admin");
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-rekey-"));
  site = path.join(root, "site");
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, "big.bin"), bigBytes);
  const d = await admin.send("POST", "/destinations", {
    name: destName,
    type: "local",
    config: { path: path.join(root, "repo") },
  });
  expect(d.status, d.text).toBe(201);
  destId = (d.body as { id: string }).id;
  const project = await admin.send("POST", "/projects", { name: `Rekey ${tag}`, slug: `rekey-${tag}` });
  expect(project.status, project.text).toBe(201);
  const env = await admin.send("POST", `/projects/${(project.body as { id: string }).id}/environments`, {
    name: "production",
    type: "production",
  });
  expect(env.status, env.text).toBe(201);
  const environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: site },
  });
  expect(src.status, src.text).toBe(201);
  const settings = await admin.get(`/environments/${environmentId}/backup-settings`);
  const put = await admin.send("PUT", `/environments/${environmentId}/backup-settings`, {
    ...(settings.body as Record<string, unknown>),
    destinationIds: [destId],
  });
  expect(put.status, put.text).toBe(200);
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, {});
  expect(started.status, started.text).toBe(202);
  backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
      intervals: [500],
    })
    .toBe("succeeded");
  fs.mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(async () => {
  await admin?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("Re-key repository from the Keys dialog: confirm, run to the switch, status line", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/destinations");
  await page.getByTestId(`destination-row-${destName}`).getByTestId(`keys-${destName}`).click();
  const keys = page.getByTestId("keys-dialog");
  const section = keys.getByTestId("rekey-section");
  const oldKey = ((await admin.get(`/destinations/${destId}/keys`)).body as { items: { id: string }[] }).items[0]!.id;
  await expect(keys.getByTestId(`key-${oldKey.slice(0, 8)}`)).toBeVisible({ timeout: 60_000 });
  await expect(keys.getByTestId("last-rotated")).toContainText("never");
  await expect(section).toContainText(path.join(root, "repo"), { timeout: 60_000 });
  await section.getByTestId("rekey-open").click();
  const dialog = page.getByTestId("rekey-dialog");
  await expect(dialog.getByTestId("rekey-explain")).toContainText("1 snapshot(s)");
  await expect(dialog.getByTestId("rekey-explain")).toContainText("kept for 7 day(s)");
  await dialog.getByTestId("rekey-days").fill("5");
  await expect(dialog.getByTestId("rekey-explain")).toContainText("kept for 5 day(s)");
  await dialog.getByTestId("rekey-admin-password").fill(E2E.adminPassword);
  await dialog.getByTestId("rekey-options").click();
  const chosenLocation = path.join(root, "repo-chosen");
  await dialog.getByTestId("rekey-new-password").fill(chosenPassword);
  await dialog.getByTestId("rekey-location").fill(chosenLocation);
  await expect(dialog.getByTestId("rekey-explain")).toContainText(`created at ${chosenLocation}`);
  await page.screenshot({ path: path.join(SCREENS, "confirm.png") });
  fs.mkdirSync(path.join(process.cwd(), "artifacts", "screens", "copyends"), { recursive: true });
  await page.screenshot({ path: path.join(process.cwd(), "artifacts", "screens", "copyends", "rekey-options.png") });
  await dialog.getByTestId("rekey-submit").click();
  await expect(dialog).toBeHidden();

  const status = section.getByTestId("rekey-status");
  await expect(status).toHaveAttribute("data-state", "switched", { timeout: 240_000 });
  await expect(status).toContainText(path.join(root, "repo"));
  await expect(status).toContainText("1 snapshot(s) copied");
  // The dialog reloaded: the new repository's (only) key is Lifeboat's, and "last rotated" is the switch.
  const newKeys = ((await admin.get(`/destinations/${destId}/keys`)).body as { items: { id: string }[] }).items;
  expect(newKeys).toHaveLength(1);
  expect(newKeys[0]!.id).not.toBe(oldKey);
  await expect(keys.getByTestId(`key-${newKeys[0]!.id.slice(0, 8)}`)).toHaveAttribute("data-current", "true");
  await expect(keys.getByTestId(`key-${oldKey.slice(0, 8)}`)).toHaveCount(0);
  await expect(keys.getByTestId("last-rotated")).not.toContainText("never");
  await page.screenshot({ path: path.join(SCREENS, "switched.png") });

  // What the server holds: switched, the old one kept 5 days, the kit names the new repository.
  const state = (await admin.get(`/destinations/${destId}/rekey`)).body as {
    state: string;
    location: string;
    oldLocation: string;
    deleteAfter: string;
  };
  expect(state.state).toBe("switched");
  expect(state.oldLocation).toBe(path.join(root, "repo"));
  expect(state.location).toBe(chosenLocation);
  // The chosen password opens the chosen location (bare restic CLI).
  const config = execFileSync("restic", ["-r", chosenLocation, "--no-cache", "cat", "config"], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: chosenPassword } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  expect(JSON.parse(config).chunker_polynomial).toMatch(/^[0-9a-f]+$/);
  const days = (new Date(state.deleteAfter).getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(4.9);
  expect(days).toBeLessThan(5.01);
  await expect(section).toContainText(state.location);
  const kit = await admin.send("POST", `/destinations/${destId}/recovery-kit`, { password: E2E.adminPassword });
  expect(kit.status, kit.text).toBe(200);
  expect((kit.body as { repository: string }).repository).toBe(state.location);

  // The backup restores from the new repository, byte-exact.
  fs.rmSync(path.join(site, "big.bin"));
  const r = await admin.send("POST", `/backups/${backupId}/restore`, { scope: "full", safetyBackup: false });
  expect(r.status, r.text).toBe(202);
  await expect
    .poll(
      async () => ((await admin.get(`/restores/${(r.body as { id: string }).id}`)).body as { status: string }).status,
      {
        timeout: 120_000,
        intervals: [500],
      },
    )
    .toBe("succeeded");
  expect(fs.readFileSync(path.join(site, "big.bin")).equals(bigBytes)).toBe(true);
});
