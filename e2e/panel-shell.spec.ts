/* The panel's shell, in real Chromium: the favicon and the logo are real files (no 404 on any page
 * load), the sign-in page and the header show the logo in light and dark mode, and /api/v1 keeps its
 * same-origin rule for the panel's session cookie (a cross-site POST is refused, the panel's own is
 * accepted). Screenshots: artifacts/screenshots/shell-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { apiAs, E2E, SCREENSHOT_DIR, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectId = "";
let environmentId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-shell-admin");
  const project = await admin.send("POST", "/projects", {
    name: "Initech",
    slug: `initech-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  projectId = (project.body as { id: string }).id;
  const env = await admin.send("POST", `/projects/${projectId}/environments`, { name: "empty", type: "development" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
});

test.afterAll(async () => {
  if (environmentId) await admin.send("DELETE", `/environments/${environmentId}`);
  if (projectId) await admin.send("DELETE", `/projects/${projectId}`);
  await admin?.dispose();
});

/** Every response the page got with a 4xx/5xx status, as "404 /favicon.ico". */
function failedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return failed;
}

/** A screenshot of one element (the header bar) as artifacts/screenshots/<name>.png. */
async function shotOf(locator: Locator, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await locator.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: "disabled" });
}

async function logoLoaded(page: Page, testId: string): Promise<void> {
  const img = page.getByTestId(testId).locator('img[src="/logo.svg"]');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
}

test("favicon.ico and logo.svg are real files, and every page names them", async ({ page }) => {
  const ico = await page.request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const bytes = await ico.body();
  expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO directory, not an HTML 404 page
  expect(bytes.readUInt16LE(4)).toBeGreaterThanOrEqual(2); // several sizes
  const svg = await page.request.get("/logo.svg");
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");

  const failed = failedResponses(page);
  await page.goto("/login");
  const icons = await page
    .locator('link[rel="icon"]')
    .evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).getAttribute("href")));
  expect(icons).toEqual(
    expect.arrayContaining([expect.stringMatching(/^\/favicon\.ico/), expect.stringMatching(/^\/logo\.svg/)]),
  );
  for (const href of icons) expect((await page.request.get(href!)).status(), href!).toBe(200);
  await logoLoaded(page, "auth-logo");
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await logoLoaded(page, "logo");
  expect(failed).toEqual([]);
});

test("sign-in page and header in light and dark mode", async ({ page }) => {
  await page.goto("/login");
  await logoLoaded(page, "auth-logo");
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await shot(page, "shell-01-sign-in-light", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "shell-02-sign-in-dark", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await logoLoaded(page, "logo");
  const header = page.locator("header").first();
  await shotOf(header, "shell-03-header-light");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shotOf(header, "shell-04-header-dark");
  await shot(page, "shell-05-dashboard-dark", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("the session cookie works on /api/v1 for the panel's own origin only", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  const url = `/api/v1/environments/${environmentId}/backups`;
  const read = await page.request.get(url);
  expect(read.status(), await read.text()).toBe(200);
  expect(await read.json()).toEqual({ items: [], nextCursor: null });

  const foreign = await page.request.post(url, { headers: { Origin: "https://evil.example" }, data: { live: true } });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.message).toContain("Cross-site requests with a session cookie are refused");

  // The same call from the panel's origin passes the check and reaches the service, which refuses to
  // back up an environment without sources (so nothing is queued by this test).
  const own = await page.request.post(url, { headers: { Origin: E2E.url }, data: { live: true } });
  expect(own.status(), await own.text()).toBe(422);
  expect((await page.request.get(url).then((r) => r.json())).items).toEqual([]);
});
