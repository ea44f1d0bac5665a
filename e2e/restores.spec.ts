/* Restores in real Chromium with real restic and a real folder, asserting what is on disk afterwards:
 *  1. the dialog says exactly what happens by default — the folder becomes equal to the backup, files
 *     added since are removed (they stay in the safety backup), excluded paths are never touched — and
 *     the confirmation previews it from the live folder ("replaces 2 files, removes 1 added since, leaves
 *     1 excluded path alone"); afterwards the added file is gone and node_modules/ is untouched;
 *  2. "Keep files added since the backup" changes the words and the preview, and the added file stays;
 *  3. the Restores tab lists both (who, what, mode, from which backup, result, took, safety backup) and
 *     its Undo opens the safety backup's Restore dialog.
 * Screenshots: artifacts/screenshots/restores-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectSlug = "";
let envId = "";
let backupId = "";
let site = "";
const ENV = "staging";

const onDisk = (rel: string) => path.join(site, rel);
const read = (rel: string) => fs.readFileSync(onDisk(rel), "utf8");

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-restores-admin");
  site = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-restores-")), "site");
  fs.mkdirSync(path.join(site, "docs"), { recursive: true });
  fs.mkdirSync(path.join(site, "node_modules", "dep"), { recursive: true });
  fs.writeFileSync(onDisk("index.html"), "<h1>as backed up</h1>\n");
  fs.writeFileSync(onDisk("docs/guide.md"), "guide as backed up\n");
  fs.writeFileSync(onDisk("node_modules/dep/index.js"), "dependency v1\n");
  const project = await admin.send("POST", "/projects", {
    name: "Initech",
    slug: `initech-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: ENV, type: "staging" });
  expect(env.status, env.text).toBe(201);
  envId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${envId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: site, exclude: ["node_modules"] },
  });
  expect(src.status, src.text).toBe(201);
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
  if (site) fs.rmSync(path.dirname(site), { recursive: true, force: true });
});

async function openRestore(page: Page) {
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/backups/${backupId}`);
  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  await dialog.getByTestId("scope-files").check();
  return dialog;
}

async function confirmAndWait(page: Page) {
  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("confirm-cancel")).toBeFocused();
  await confirm.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("restore-progress")).toHaveAttribute("data-status", "succeeded", {
    timeout: 180_000,
  });
}

test("by default the folder becomes equal to the backup: the added file goes, node_modules stays", async ({ page }) => {
  test.setTimeout(300_000);
  // Since the backup: an edit, a file added, the excluded dependency updated.
  fs.writeFileSync(onDisk("docs/guide.md"), "guide edited since\n");
  fs.writeFileSync(onDisk("added-since.txt"), "added after the backup\n");
  fs.writeFileSync(onDisk("node_modules/dep/index.js"), "dependency v2\n");
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const dialog = await openRestore(page);
  await expect(dialog.getByTestId("restore-keep-added")).not.toBeChecked();
  await expect(dialog.getByTestId("restore-mode-note")).toContainText(
    "Folders become exactly as in the backup: files added since the backup are removed (they stay in the safety backup).",
  );
  await expect(dialog.getByTestId("restore-mode-note")).toContainText("never touched");
  await shot(page, "restores-01-dialog-default", { fullPage: false });
  await dialog.getByTestId("restore-continue").click();

  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("restore-summary")).toContainText(
    "folder site becomes exactly as in the backup: files added since the backup are removed (they stay in the safety backup)",
  );
  await expect(confirm.getByTestId("restore-preview")).toHaveAttribute("data-state", "ready");
  await expect(confirm.getByTestId("restore-preview-sentence")).toHaveText(
    "This restore replaces 2 files, removes 1 added since, leaves 1 excluded path alone.",
  );
  await expect(confirm.getByTestId("restore-preview")).toContainText("node_modules");
  await shot(page, "restores-02-confirm-preview-mirror", { fullPage: false });
  await confirmAndWait(page);

  expect(fs.existsSync(onDisk("added-since.txt"))).toBe(false);
  expect(read("docs/guide.md")).toBe("guide as backed up\n");
  expect(read("node_modules/dep/index.js")).toBe("dependency v2\n");
});

test('"Keep files added since the backup" merges: the added file stays', async ({ page }) => {
  test.setTimeout(300_000);
  fs.writeFileSync(onDisk("docs/guide.md"), "guide edited again\n");
  fs.writeFileSync(onDisk("kept-added.txt"), "added after the backup, to keep\n");
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const dialog = await openRestore(page);
  await dialog.getByTestId("restore-keep-added").check();
  await expect(dialog.getByTestId("restore-mode-note")).toContainText(
    "Every file of the backup is put back; files added since the backup stay.",
  );
  await shot(page, "restores-03-dialog-keep-added", { fullPage: false });
  await dialog.getByTestId("restore-continue").click();
  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("restore-summary")).toContainText(
    "folder site gets back every file of the backup; files added since stay",
  );
  await expect(confirm.getByTestId("restore-preview-sentence")).toHaveText(
    "This restore replaces 2 files, keeps 1 added since, leaves 1 excluded path alone.",
  );
  await shot(page, "restores-04-confirm-preview-merge", { fullPage: false });
  await confirmAndWait(page);

  expect(read("kept-added.txt")).toBe("added after the backup, to keep\n");
  expect(read("docs/guide.md")).toBe("guide as backed up\n");
  expect(read("node_modules/dep/index.js")).toBe("dependency v2\n");
});

test("the Restores tab lists both restores with their safety backups, and Undo opens the safety backup", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/backups`);
  await page.getByTestId("tab-restores").click();
  await expect(page).toHaveURL(/\/restores$/);
  const rows = page.getByTestId("restore-row");
  await expect(rows).toHaveCount(2);
  const [merge, mirror] = [rows.nth(0), rows.nth(1)];
  await expect(merge.getByTestId("restore-row-mode")).toHaveText("kept files added since");
  await expect(mirror.getByTestId("restore-row-mode")).toHaveText("removed files added since");
  for (const r of [merge, mirror]) {
    await expect(r).toHaveAttribute("data-status", "succeeded");
    await expect(r).toContainText("Files only");
    await expect(r.getByTestId("restore-row-by")).toHaveAttribute("title", E2E.adminEmail);
    await expect(r.getByTestId("restore-row-safety")).toHaveText("saved");
    await expect(r.getByTestId("restore-row-undo")).toBeVisible();
  }
  const api = (await admin.get(`/environments/${envId}/restores`)).body as {
    items: { id: string; mode: string; backup: { id: string }; safetyBackup: { id: string } }[];
  };
  expect(api.items.map((i) => i.mode)).toEqual(["merge", "mirror"]);
  expect(api.items.every((i) => i.backup.id === backupId)).toBe(true);
  await shot(page, "restores-05-restores-tab");

  await mirror.getByTestId("restore-row-undo").click();
  await expect(page).toHaveURL(new RegExp(`/backups/${api.items[1]!.safetyBackup.id}\\?restore=1&undo=`));
  await expect(page.getByTestId("restore-dialog")).toBeVisible();
  await expect(page.getByTestId("restore-dialog").getByTestId("scope-files")).toBeChecked();
});
