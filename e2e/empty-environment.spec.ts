/* A new environment before its first backup: the empty Backups tab says what applies (no sources yet →
 * "Add a source"; with a source, when the inherited default schedule runs first), and "Backup now"
 * offers "Add a source" instead of a Start that could only fail. Screenshots: empty-env-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectSlug = "";
let envId = "";
let dir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-empty-env");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-empty-"));
  const project = await admin.send("POST", "/projects", {
    name: "Empty Co",
    slug: `empty-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  projectSlug = (project.body as { slug: string }).slug;
  const env = await admin.send("POST", `/projects/${(project.body as { id: string }).id}/environments`, {
    name: "staging",
    type: "staging",
  });
  expect(env.status, env.text).toBe(201);
  envId = (env.body as { id: string }).id;
});

test.afterAll(async () => {
  await admin?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("no sources: the empty tab and Backup now both lead to Add a source", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/staging/backups`);
  const empty = page.getByTestId("empty-backups");
  await expect(empty).toContainText("nothing to back up yet");
  await expect(page.getByTestId("empty-add-source")).toHaveAttribute("href", /\/environments\/staging\/sources$/);
  await shot(page, "empty-env-01-no-sources");
  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-no-sources")).toBeVisible();
  await expect(page.getByTestId("backup-now-start")).toHaveCount(0);
  await shot(page, "empty-env-02-backup-now-no-sources");
  await page.getByTestId("backup-now-add-source").click();
  await expect(page).toHaveURL(/\/environments\/staging\/sources$/);
});

test("with a source: the empty tab names the inherited schedule's first run", async ({ page }) => {
  const s = await admin.send("POST", `/environments/${envId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: dir },
  });
  expect(s.status, s.text).toBe(201);
  const settings = await admin.get(`/environments/${envId}/backup-settings`);
  expect(settings.status, settings.text).toBe(200);
  const view = settings.body as { nextRuns: string[]; inherited: string[] };
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/staging/backups`);
  const empty = page.getByTestId("empty-backups");
  if (view.nextRuns.length) {
    await expect(empty).toContainText("The first one runs");
    if (view.inherited.includes("schedules")) await expect(empty).toContainText("inherited from the default schedule");
  } else {
    await expect(empty).toContainText("set a schedule");
  }
  await shot(page, "empty-env-03-first-run");
  await page.getByTestId("backup-now").click();
  await expect(page.getByTestId("backup-now-start")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("backup-now-dialog")).toHaveCount(0);
  await expect(page.getByTestId("backup-now")).toBeFocused(); // focus goes back to the button, not the page
});

test("inactive: Backup now says so instead of starting, and the API refuses with the reason", async ({ page }) => {
  const off = await admin.send("PATCH", `/environments/${envId}`, { active: false });
  expect(off.status, off.text).toBe(200);
  try {
    await signIn(page, E2E.adminEmail, E2E.adminPassword);
    await page.goto(`/projects/${projectSlug}/environments/staging/backups`);
    await page.getByTestId("backup-now").click();
    await expect(page.getByTestId("backup-now-inactive")).toContainText("Activate it first");
    await expect(page.getByTestId("backup-now-start")).toHaveCount(0);
    await shot(page, "empty-env-04-backup-now-inactive");
    const refused = await admin.send("POST", `/environments/${envId}/backups`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("is inactive: activate it to back it up");
  } finally {
    await admin.send("PATCH", `/environments/${envId}`, { active: true });
  }
});
