/* Forms as a new user meets them (issue 11, items 11–13), at 1280×800: an empty submit of the source
 * dialog names every required field at once and sends nothing; a new database source starts with real
 * values, not look-alike placeholders; the Keep dropdown and the S3 type label are not cut off (the
 * selected text is measured against the control's inner width); leaving dirty backup settings by a
 * link asks first, and closing the tab asks the browser; the backups list's Sources column wraps long
 * source names instead of cutting them off. Screenshots: artifacts/screenshots/forms-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectSlug = "";
let projectId = "";
let filesDir = "";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-forms");
  const project = await admin.send("POST", "/projects", {
    name: "Forms Co",
    slug: `forms-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  projectId = p.id;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

/** The selected option's text width against the select's width inside its padding (the arrow's room). */
async function selectFit(select: Locator) {
  return select.evaluate((el: HTMLSelectElement) => {
    const cs = getComputedStyle(el);
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const text = el.options[el.selectedIndex]?.text ?? "";
    return {
      text,
      textWidth: Math.ceil(ctx.measureText(text).width),
      room: el.clientWidth - Number.parseFloat(cs.paddingLeft) - Number.parseFloat(cs.paddingRight),
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    };
  });
}

test("an empty source form shows every required field's error at once", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/sources`);
  await page.getByTestId("new-source").click();
  const dialog = page.getByTestId("source-dialog");
  // Real defaults, no placeholder that looks like a value.
  await expect(dialog.getByTestId("input-config.host")).toHaveValue("127.0.0.1");
  await expect(dialog.getByTestId("input-config.port")).toHaveValue("5432");
  for (const id of ["config.host", "config.port", "config.database", "config.user"]) {
    expect(await dialog.getByTestId(`input-${id}`).getAttribute("placeholder"), id).toBeNull();
  }
  await page.waitForLoadState("networkidle");
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") sent.push(r.url());
  });

  await dialog.getByTestId("source-submit").click();
  await expect(dialog.getByTestId("field-error-name")).toHaveText("Enter a name");
  await expect(dialog.getByTestId("field-error-config.database")).toHaveText("Enter the database name");
  await expect(dialog.getByTestId("field-error-config.user")).toHaveText("Enter the user name");
  await expect(dialog.getByTestId("field-error-config.host")).toHaveCount(0);
  await shot(page, "forms-02-source-empty-submit", { fullPage: false });

  // Test connection checks the same way; typing into a field clears only its message.
  await dialog.getByLabel("Name").fill("main db");
  await expect(dialog.getByTestId("field-error-name")).toHaveCount(0);
  await expect(dialog.getByTestId("field-error-config.user")).toBeVisible();
  await dialog.getByTestId("source-test").click();
  await expect(dialog.getByTestId("field-error-config.database")).toBeVisible();
  await expect(dialog.getByTestId("source-test-results")).toHaveCount(0);

  // Another type: its own required fields, all at once; MySQL gets its port, not PostgreSQL's.
  await dialog.getByTestId("input-type").selectOption("mysql");
  await expect(dialog.getByTestId("input-config.port")).toHaveValue("3306");
  await dialog.getByLabel("Name").fill("");
  await dialog.getByTestId("input-type").selectOption("directory");
  await dialog.getByTestId("source-submit").click();
  await expect(dialog.getByTestId("field-error-name")).toHaveText("Enter a name");
  await expect(dialog.getByTestId("field-error-config.path")).toHaveText("Enter a path");
  await page.waitForTimeout(500);
  expect(sent, "an incomplete form sends nothing").toEqual([]);
});

test("the Keep dropdown and the S3 type label are not cut off at 1280 px", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  const form = page.getByTestId("backup-settings-form");
  const keep = form.getByTestId("retention-preset");
  const labels = await keep.locator("option").allTextContents();
  for (const label of labels) {
    await keep.selectOption({ label });
    const fit = await selectFit(keep);
    expect(fit.textWidth, `"${fit.text}" fits in the Keep dropdown`).toBeLessThanOrEqual(fit.room);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  }
  await keep.selectOption({ label: "24 hourly · 7 daily · 4 weekly · 12 monthly" });
  await shot(page, "forms-03-keep-dropdown", { fullPage: false });

  await form.getByTestId("add-destination").click();
  const type = form.getByTestId("dest-type");
  await expect(type).toHaveValue("s3");
  const fit = await selectFit(type);
  expect(fit.textWidth, `"${fit.text}" fits in the type select`).toBeLessThanOrEqual(fit.room);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  await expect(form.getByTestId("add-destination-form")).toContainText("Wasabi");
  await form.getByTestId("add-destination-form").scrollIntoViewIfNeeded();
  await shot(page, "forms-04-s3-type", { fullPage: false });
});

test("leaving backup settings with unsaved changes asks first", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const settingsUrl = `/projects/${projectSlug}/environments/production/backups/settings`;
  const dashboardLink = page.locator('nav[aria-label="Main"] a[href="/dashboard"]:visible').first();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void (dialogs.length === 1 ? d.dismiss() : d.accept());
  });

  // Nothing changed: the link just navigates.
  await page.goto(settingsUrl);
  await expect(page.getByTestId("backup-settings-form")).toBeVisible();
  await dashboardLink.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(dialogs).toEqual([]);

  // A change: the first click is cancelled (the form and its value stay), the second one leaves.
  await page.goto(settingsUrl);
  const manual = page.locator("#max-manual");
  await manual.fill("7");
  await dashboardLink.click();
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toBe("confirm: Your changes to the backup settings are not saved. Leave this page and lose them?");
  await page.waitForTimeout(500);
  expect(new URL(page.url()).pathname).toBe(settingsUrl);
  await expect(manual).toHaveValue("7");
  await dashboardLink.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(dialogs).toHaveLength(2);
});

test("closing the tab with unsaved settings asks the browser", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  await page.locator("#max-manual").fill("9");
  const asked = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.accept();
});

test("the backups list shows long source names whole at 1280 px", async ({ page }) => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-forms-"));
  fs.writeFileSync(path.join(filesDir, "a.txt"), "forms\n");
  const env = await admin.send("POST", `/projects/${projectId}/environments`, { name: "staging", type: "staging" });
  expect(env.status, env.text).toBe(201);
  const environmentId = (env.body as { id: string }).id;
  const names = ["customer uploads archive", "marketing site static files"];
  for (const name of names) {
    const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
      name,
      type: "directory",
      config: { path: filesDir },
    });
    expect(src.status, src.text).toBe(201);
  }
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, { live: true });
  expect(started.status, started.text).toBe(202);
  const backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
      intervals: [1000],
    })
    .toBe("succeeded");

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/staging/backups`);
  const row = page.locator(`[data-testid=backup-row][data-backup-id="${backupId}"]`);
  const cell = row.locator("td").nth(7);
  for (const name of names) await expect(cell).toContainText(name);
  const fit = await cell.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(fit.scrollWidth, "the Sources cell is not cut off").toBeLessThanOrEqual(fit.clientWidth);
  const table = await page
    .getByTestId("backups-table")
    .evaluate((el) => ({ width: el.scrollWidth, room: el.parentElement?.clientWidth ?? 0 }));
  expect(table.width, "the table fits its card").toBeLessThanOrEqual(table.room);
  await shot(page, "forms-05-backups-sources-column", { fullPage: false });
});
