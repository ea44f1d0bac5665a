/* Source roles and "Configuration only" in real Chromium with real restic and real folders (issue 13,
 * items 4 and 5), asserting what is on disk and what the API recorded afterwards:
 *  1. the sources list shows each source's role; the source form offers "Holds";
 *  2. the Restore dialog offers "Configuration only" (naming the config source), and "Include code"
 *     (off) only for Everything / Files; the confirmation names what is restored and what is left
 *     alone; after the restore the config folder is byte-exact as backed up, the files and code folders
 *     keep their newer content, and the restore is recorded as scope "config" without code;
 *  3. the gear screen's compression and "Keep the N most recent"; the project dialog's restore location
 *     with its warning, saved and shown on the project page.
 * Screenshots: artifacts/screens/roles/*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

const SHOTS = path.join(process.cwd(), "artifacts", "screens", "roles");
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations: "disabled" });

let admin: Api;
let projectId = "";
let projectSlug = "";
let envId = "";
let backupId = "";
let root = "";
const ENV = "production-like";
const dir = (name: string) => path.join(root, name);

/** Every file under a folder with its bytes (for byte-exact comparisons). */
function tree(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(folder, p)] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    }
  };
  walk(folder);
  return out;
}

const asBackedUp: Record<string, Record<string, string>> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-roles-admin");
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-roles-"));
  for (const [name, files] of Object.entries({
    uploads: { "photo.jpg": crypto.randomBytes(30_000) },
    app: { "index.php": '<?php echo "v1";\n' },
    settings: { "app.env": "APP_KEY=base64:abc\nDEBUG=false\n", "tls/site.key": crypto.randomBytes(1024) },
  })) {
    for (const [rel, data] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir(name), rel)), { recursive: true });
      fs.writeFileSync(path.join(dir(name), rel), data);
    }
  }
  const project = await admin.send("POST", "/projects", {
    name: "Roles shop",
    slug: `roles-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  ({ id: projectId, slug: projectSlug } = project.body as { id: string; slug: string });
  const env = await admin.send("POST", `/projects/${projectId}/environments`, { name: ENV, type: "staging" });
  expect(env.status, env.text).toBe(201);
  envId = (env.body as { id: string }).id;
  for (const [name, role] of [
    ["uploads", undefined],
    ["app", "code"],
    ["settings", "config"],
  ] as const) {
    const src = await admin.send("POST", `/environments/${envId}/sources`, {
      name,
      type: "directory",
      config: { path: dir(name) },
      ...(role ? { role } : {}),
    });
    expect(src.status, src.text).toBe(201);
  }
  for (const name of ["uploads", "app", "settings"]) asBackedUp[name] = tree(dir(name));
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
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("the sources list shows each source's role, and the form offers it", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/sources`);
  for (const [name, role] of [
    ["uploads", "Files"],
    ["app", "Code"],
    ["settings", "Configuration"],
  ])
    await expect(page.getByTestId(`source-row-${name}`).getByTestId("source-role")).toHaveText(role);
  await shot(page, "01-sources-roles");
  await page.getByTestId("source-actions-settings").click();
  await page.getByTestId("source-actions-settings-edit").click();
  const form = page.getByTestId("source-dialog");
  await expect(form.getByTestId("input-role")).toHaveValue("config");
  await shot(page, "02-source-form-role");
  await form.getByRole("button", { name: "Cancel" }).click();
});

test('"Configuration only" restores the config folder and nothing else', async ({ page }) => {
  test.setTimeout(300_000);
  for (const name of ["uploads", "app", "settings"]) fs.writeFileSync(path.join(dir(name), "changed.txt"), "after\n");
  fs.writeFileSync(path.join(dir("settings"), "app.env"), "APP_KEY=leaked-and-rotated\n");
  const newer = { uploads: tree(dir("uploads")), app: tree(dir("app")) };
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/backups/${backupId}`);
  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  // Everything: code is left out unless ticked.
  await expect(dialog.getByTestId("scope-full")).toBeChecked();
  await expect(dialog.getByTestId("restore-include-code")).not.toBeChecked();
  await expect(dialog).toContainText("app is left as it is");
  await shot(page, "03-dialog-everything-without-code");
  await dialog.getByTestId("scope-config").check();
  await expect(dialog.getByTestId("restore-include-code")).toHaveCount(0);
  await expect(dialog.getByText("Configuration only").locator("..")).toContainText("settings");
  await shot(page, "04-dialog-configuration-only");
  await dialog.getByTestId("restore-continue").click();

  const confirm = page.getByTestId("restore-confirm");
  const summary = confirm.getByTestId("restore-summary");
  await expect(summary).toContainText("folder settings becomes exactly as in the backup");
  await expect(summary).not.toContainText("folder uploads");
  await expect(summary.getByTestId("restore-untouched")).toHaveText(
    /^Not restored \(left as they are\): (uploads, app|app, uploads)$/,
  );
  await expect(confirm.getByTestId("restore-preview")).toHaveAttribute("data-state", "ready");
  await shot(page, "05-confirm-configuration-only");
  await confirm.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("restore-progress")).toHaveAttribute("data-status", "succeeded", {
    timeout: 180_000,
  });

  expect(tree(dir("settings"))).toEqual(asBackedUp.settings);
  expect(tree(dir("uploads"))).toEqual(newer.uploads);
  expect(tree(dir("app"))).toEqual(newer.app);
  const list = (await admin.get(`/environments/${envId}/restores`)).body as {
    items: { scope: string; includeCode: boolean; status: string }[];
  };
  expect(list.items[0]).toMatchObject({ scope: "config", includeCode: false, status: "succeeded" });
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/restores`);
  await expect(page.getByTestId("restore-row").first()).toContainText("Configuration only");
  await shot(page, "06-restores-tab");
});

test("the gear screen saves compression and keep-the-N-most-recent", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/${ENV}/backups/settings`);
  await page.getByTestId("retention-preset").selectOption("keep-last");
  await page.getByTestId("keep-last-count").fill("5");
  await page.getByTestId("settings-compression").selectOption("max");
  await expect(page.getByTestId("retention-preview")).toContainText(
    "With this policy 0 of your 2 backups would be removed.",
  );
  await shot(page, "07-settings-compression-keep-last");
  await page.getByTestId("settings-save").click();
  await expect(page.getByTestId("settings-saved")).toBeVisible();
  const got = (await admin.get(`/environments/${envId}/backup-settings`)).body as {
    compression: string;
    retention: unknown;
  };
  expect(got).toMatchObject({ compression: "max", retention: { preset: "keep-last", count: 5 } });
});

test("the project dialog sets a restore location, warns, and the project page shows it", async ({ page }) => {
  const location = path.join(root, "restores-disk");
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}`);
  await expect(page.getByTestId("project-locations")).toHaveCount(0);
  await page.getByTestId(`project-actions-${projectSlug}`).click();
  await page.getByTestId(`project-actions-${projectSlug}-edit`).click();
  const dialog = page.getByTestId("project-dialog");
  await dialog.getByTestId("project-restore-location").fill("relative/folder");
  await dialog.getByTestId("project-submit").click();
  await expect(dialog.getByTestId("field-error-restoreLocation")).toContainText("absolute path");
  await dialog.getByTestId("project-restore-location").fill(location);
  await expect(dialog.getByTestId("project-location-warning")).toContainText("leave the default location");
  await shot(page, "08-project-restore-location");
  await dialog.getByTestId("project-submit").click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("project-locations")).toContainText(location);
  await shot(page, "09-project-page-warning");
  expect(fs.statSync(location).isDirectory()).toBe(true);
  const got = (await admin.get(`/projects/${projectId}`)).body as { restoreLocation: string };
  expect(got.restoreLocation).toBe(location);
});
