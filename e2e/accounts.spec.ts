/* Issue 11, items 2–4, end to end in real Chromium against a production build (real restic, MariaDB,
 * files):
 *  1. a user changes their password from the user menu: a second browser signed in before is sent to
 *     sign-in, their API token gets 401, this browser stays signed in
 *  2. an admin resets a password: the one-time password is shown once, the user's open session ends, and
 *     signing in with it leads to the change-password screen and nowhere else until a new one is chosen
 *  3. a viewer browses a backup's files but sees no download links and gets 403 (with the reason) from
 *     the download route; an operator sees the links and downloads
 *  4. Test connection in the source dialog catches a missing MariaDB database and a missing folder;
 *     Save after a failed test offers "Save anyway"; a good folder passes with its file count and size
 * Screenshots: artifacts/screenshots/accounts-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

const suffix = crypto.randomBytes(3).toString("hex");
const OPERATOR = { email: `accounts-op-${suffix}@lifeboat.test`, password: "operator-password-1" };
const RESET = { email: `accounts-reset-${suffix}@lifeboat.test`, password: "reset-me-password-1" };
const VIEWER = { email: `accounts-viewer-${suffix}@lifeboat.test`, password: "viewer-password-789" };
const NEW_OPERATOR_PASSWORD = "operator-new-password-2";

let admin: Api;
let projectSlug = "";
let environmentId = "";
let sourceId = "";
let backupId = "";
let filesDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-accounts-admin");
  for (const [u, role] of [
    [OPERATOR, "operator"],
    [RESET, "operator"],
    [VIEWER, "viewer"],
  ] as const) {
    const r = await admin.send("POST", "/users", { email: u.email, password: u.password, role });
    expect(r.status, r.text).toBe(201);
  }
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-accounts-"));
  fs.mkdirSync(path.join(filesDir, "docs"));
  fs.writeFileSync(path.join(filesDir, "docs", "contract.txt"), "Confidential contract.\n".repeat(50));
  fs.writeFileSync(path.join(filesDir, "index.html"), "<h1>Initech</h1>\n");
  const project = await admin.send("POST", "/projects", { name: "Initech", slug: `initech-${suffix}` });
  expect(project.status, project.text).toBe(201);
  projectSlug = (project.body as { slug: string }).slug;
  const env = await admin.send("POST", `/projects/${(project.body as { id: string }).id}/environments`, {
    name: "development",
    type: "development",
  });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: filesDir },
  });
  expect(src.status, src.text).toBe(201);
  sourceId = (src.body as { id: string }).id;
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, { live: true });
  expect(started.status, started.text).toBe(202);
  backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 180_000,
      intervals: [1000],
    })
    .toBe("succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: E2E.url });
  const page = await ctx.newPage();
  await signIn(page, email, password);
  return page;
}

test("a password change signs out the user's other session and revokes their token; this one stays", async ({
  page,
  browser,
}) => {
  await signIn(page, OPERATOR.email, OPERATOR.password);
  const other = await signedInPage(browser, OPERATOR.email, OPERATOR.password); // e.g. a laptop left at work
  const token = await apiAs(OPERATOR.email, OPERATOR.password, "operator-script");
  expect((await token.get("/projects")).status).toBe(200);

  await page.getByTestId("user-menu").click();
  await shot(page, "accounts-01-user-menu", { fullPage: false });
  await page.getByTestId("menu-change-password").click();
  await expect(page).toHaveURL(/\/account#password$/);
  const form = page.getByTestId("change-password-form");
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password", { exact: true }).fill("short");
  await form.getByLabel("Repeat the new password").fill("different");
  await form.getByTestId("change-password-submit").click();
  await expect(page.getByTestId("field-error-newPassword")).toContainText("at least 10 characters");
  await expect(page.getByTestId("field-error-repeatPassword")).toContainText("differ");
  await form.getByLabel("New password", { exact: true }).fill(NEW_OPERATOR_PASSWORD);
  await form.getByLabel("Repeat the new password").fill(NEW_OPERATOR_PASSWORD);
  await form.getByTestId("change-password-submit").click();
  await expect(page.getByTestId("field-error-currentPassword")).toContainText("not your current password");
  await shot(page, "accounts-02-change-password-errors");

  await form.getByLabel("Current password").fill(OPERATOR.password);
  await form.getByTestId("change-password-submit").click();
  await expect(
    page.getByText("Password changed. 1 other session was signed out and 1 API token was revoked."),
  ).toBeVisible();
  await shot(page, "accounts-03-password-changed");

  // The other browser's session was issued before the change: it is refused now.
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  await shot(other, "accounts-04-other-session-signed-out", { fullPage: false });
  expect((await other.request.get("/api/v1/projects")).status()).toBe(401);
  expect((await token.get("/projects")).status).toBe(401);
  await token.dispose();
  // This browser stays signed in; the old password no longer works, the new one does.
  await page.goto("/dashboard");
  await expect(page.getByTestId("user-menu")).toContainText(OPERATOR.email);
  await other.getByLabel("E-mail").fill(OPERATOR.email);
  await other.getByLabel("Password").fill(OPERATOR.password);
  await other.getByTestId("login-submit").click();
  await expect(other.getByTestId("form-error")).toContainText(/e-mail or password is wrong/i);
  await signIn(other, OPERATOR.email, NEW_OPERATOR_PASSWORD);
  await other.context().close();
});

test("an admin's password reset ends the user's session and forces a new password at sign-in", async ({
  page,
  browser,
}) => {
  const victim = await signedInPage(browser, RESET.email, RESET.password);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/users");
  await page.getByTestId(`user-actions-${RESET.email}`).click();
  await page.getByTestId(`user-actions-${RESET.email}-reset-password`).click();
  const confirm = page.getByTestId("reset-password-confirm");
  await expect(confirm).toContainText("signed out everywhere");
  await shot(page, "accounts-05-reset-confirm", { fullPage: false });
  await confirm.getByTestId("confirm-submit").click();
  const shown = page.getByTestId("temporary-password");
  await expect(shown).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  const temporary = (await shown.textContent())!;
  await shot(page, "accounts-06-temporary-password", { fullPage: false });
  await page.getByTestId("temporary-password-done").click();
  await expect(page.getByTestId(`user-row-${RESET.email}`).getByTestId("must-change-password")).toBeVisible();
  await shot(page, "accounts-07-users-after-reset");

  await victim.goto("/dashboard");
  await expect(victim).toHaveURL(/\/login/);

  // Signing in with the one-time password leads to the change screen, and nothing else opens meanwhile.
  await victim.getByLabel("E-mail").fill(RESET.email);
  await victim.getByLabel("Password").fill(temporary);
  await victim.getByTestId("login-submit").click();
  await expect(victim).toHaveURL(/\/change-password$/);
  await expect(victim.getByTestId("forced-change-intro")).toContainText(RESET.email);
  await shot(victim, "accounts-08-forced-change");
  await victim.goto(`/projects/${projectSlug}`);
  await expect(victim).toHaveURL(/\/change-password$/);
  const blocked = await victim.request.get("/api/v1/projects");
  expect(blocked.status()).toBe(403);
  expect(await blocked.text()).toContain("Choose a new password first");

  const form = victim.getByTestId("change-password-form");
  await form.getByLabel("One-time password").fill(temporary);
  await form.getByLabel("New password", { exact: true }).fill("my-very-own-password");
  await form.getByLabel("Repeat the new password").fill("my-very-own-password");
  await form.getByTestId("change-password-submit").click();
  await expect(victim).toHaveURL(/\/dashboard$/);
  await expect(victim.getByTestId("user-menu")).toContainText(RESET.email);
  expect((await victim.request.get("/api/v1/projects")).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId(`user-row-${RESET.email}`).getByTestId("must-change-password")).toHaveCount(0);
  await victim.context().close();
});

test("a viewer browses a backup's files but downloads nothing; an operator downloads", async ({ page, browser }) => {
  const detail = `/projects/${projectSlug}/environments/development/backups/${backupId}`;
  const download = `/api/v1/backups/${backupId}/download?sourceId=${sourceId}&path=${encodeURIComponent("/docs/contract.txt")}&format=tar`;
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.goto(detail);
  const browserBox = page.getByTestId("file-browser");
  await expect(browserBox.locator('[data-testid=file-row][data-name="index.html"]')).toBeVisible();
  await expect(browserBox.locator('[data-testid=file-row][data-name="index.html"]')).toContainText("B");
  await expect(page.getByTestId("download-tar")).toHaveCount(0);
  await expect(page.getByTestId("download-zip")).toHaveCount(0);
  await expect(page.getByTestId("download-folder-tar")).toHaveCount(0);
  await expect(page.getByTestId("downloads-need-operator")).toBeVisible();
  await shot(page, "accounts-09-viewer-backup-files");
  const denied = await page.request.get(download);
  expect(denied.status()).toBe(403);
  expect(((await denied.json()) as { error: { message: string } }).error.message).toMatch(
    /Viewers can browse .* but not download its contents/,
  );
  const viewerToken = await apiAs(VIEWER.email, VIEWER.password, "viewer-dl");
  const tokenDenied = await viewerToken.ctx.get(download);
  expect(tokenDenied.status()).toBe(403);
  await viewerToken.dispose();

  const operator = await signedInPage(browser, OPERATOR.email, NEW_OPERATOR_PASSWORD);
  await operator.goto(detail);
  await expect(operator.getByTestId("download-folder-tar")).toBeVisible();
  await expect(operator.getByTestId("download-tar").first()).toBeVisible();
  await shot(operator, "accounts-10-operator-backup-files");
  const ok = await operator.request.get(download);
  expect(ok.status()).toBe(200);
  expect((await ok.body()).toString("latin1")).toContain("Confidential contract.");
  await operator.context().close();
});

test("Test connection catches a missing database and a missing folder; Save after a failure offers Save anyway", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/development/sources`);
  await page.getByTestId("new-source").click();
  const dialog = page.getByTestId("source-dialog");
  const check = (id: string) => dialog.locator(`[data-testid=source-check][data-check="${id}"]`);
  await dialog.getByLabel("Name").fill("shop db");
  await dialog.getByTestId("input-type").selectOption("mysql");
  await dialog.getByLabel("Host").fill("127.0.0.1");
  await dialog.getByLabel("Port").fill("3306");
  await dialog.getByLabel("Database").fill(`no_such_shop_${suffix}`);
  await dialog.getByLabel("User").fill("root");
  await dialog.getByTestId("source-test").click();
  await expect(check("database")).toHaveAttribute("data-status", "failed");
  await expect(check("database")).toContainText(`Unknown database 'no_such_shop_${suffix}'`);
  await expect(check("reachable")).toHaveAttribute("data-status", "ok");
  await expect(check("credentials")).toHaveAttribute("data-status", "ok");
  await expect(dialog.getByTestId("source-submit")).toHaveText("Save anyway");
  await shot(page, "accounts-11-test-missing-database", { fullPage: false });

  // A folder that is not there: Save runs the test first and does not save.
  await dialog.getByLabel("Name").fill("uploads");
  await dialog.getByTestId("input-type").selectOption("directory");
  await dialog.getByLabel("Directory").fill(path.join(filesDir, "uploads"));
  await expect(dialog.getByTestId("source-submit")).toHaveText("Add source");
  await dialog.getByTestId("source-submit").click();
  await expect(check("path")).toHaveAttribute("data-status", "failed");
  await expect(check("path")).toContainText("There is no folder at");
  await expect(dialog.getByTestId("source-test-save-anyway-hint")).toBeVisible();
  await expect(dialog.getByTestId("source-submit")).toHaveText("Save anyway");
  await shot(page, "accounts-12-test-missing-folder", { fullPage: false });
  expect(((await admin.get(`/environments/${environmentId}/sources`)).body as { items: unknown[] }).items).toHaveLength(
    1,
  );

  // The right folder passes with its size and file count, and Save saves at once.
  await dialog.getByLabel("Directory").fill(path.join(filesDir, "docs"));
  await dialog.getByTestId("source-test").click();
  await expect(dialog.getByTestId("source-test-results")).toHaveAttribute("data-ok", "true");
  await expect(check("contents")).toContainText("1 file, 1.1 KiB.");
  await expect(dialog.getByTestId("source-test-summary")).toContainText("All checks passed · 1 file ·");
  await shot(page, "accounts-13-test-good-folder", { fullPage: false });
  await dialog.getByTestId("source-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("source-row-uploads")).toBeVisible();
});
