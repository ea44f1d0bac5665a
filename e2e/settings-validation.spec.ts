/* The settings form checks a cron expression in the browser, with the server's own check: an invalid one
 * shows its message (naming the field and what was typed) before any request leaves the page, Save
 * sends nothing while it stands, and PUT /api/v1/…/backup-settings answers the very same words. A valid
 * expression still goes to the server for its words and next runs (so the "no request" assertion can
 * fail). Screenshot: artifacts/screenshots/settings-validation-*.png. */
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let projectSlug = "";
let environmentId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-settings-validation");
  const project = await admin.send("POST", "/projects", {
    name: "Initech",
    slug: `initech-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
});

test.afterAll(async () => {
  await admin?.dispose();
});

test("an invalid cron is explained before any request, in the API's words", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  const form = page.getByTestId("backup-settings-form");
  const rows = form.getByTestId("schedule-row");
  await expect(rows).toHaveCount(1); // production inherits one schedule (@daily-random)
  await expect(rows.first().getByTestId("schedule-next-runs")).toBeVisible();
  await expect(form.getByTestId("retention-preview")).toContainText(/no backups yet/i);
  await page.waitForLoadState("networkidle");

  const sent: string[] = [];
  page.on("request", (r) => sent.push(`${r.method()} ${r.url()}`));

  const cron = rows.first().getByTestId("schedule-cron");
  await cron.fill("61 2 * * *");
  const error = rows.first().getByTestId("schedule-error");
  await expect(error).toHaveText("Not a valid cron expression: 61 2 * * * — minute must be 0-59 (you typed 61).");
  await expect(cron).toHaveAttribute("aria-invalid", "true");
  await shot(page, "settings-validation-01-invalid-cron", { fullPage: false });
  await page.waitForTimeout(1_500); // well past the 250 ms debounce of the server preview
  await form.getByTestId("settings-save").click();
  const notice = page.getByTestId("settings-error");
  await expect(notice).toContainText("Please check schedules.0.cron: Not a valid cron expression: 61 2 * * *");
  await page.waitForTimeout(500);
  expect(sent, "no request may leave the page for an invalid cron").toEqual([]);

  // The API gives the same message for the same field, and the same one-line message.
  const timezone = await rows.first().getByTestId("schedule-timezone").inputValue();
  const api = await admin.send("PUT", `/environments/${environmentId}/backup-settings`, {
    schedules: [{ cron: "61 2 * * *", timezone }],
  });
  expect(api.status, api.text).toBe(400);
  const body = api.body as { error: { code: string; message: string; fields: Record<string, string> } };
  expect(body.error.code).toBe("validation_failed");
  expect(body.error.fields["schedules.0.cron"]).toBe(await error.textContent());
  expect(await notice.locator("span").first().textContent()).toBe(body.error.message);

  // A second kind of mistake, also answered in the browser.
  await cron.fill("0 2 * * 8");
  await expect(error).toHaveText(
    "Not a valid cron expression: 0 2 * * 8 — day of week must be 0-7 or SUN-SAT (you typed 8).",
  );
  await page.waitForTimeout(500);
  expect(sent).toEqual([]);

  // A valid expression goes to the server for its words and next runs.
  await cron.fill("30 3 * * *");
  await expect(rows.first().getByTestId("schedule-words")).toContainText("03:30");
  await expect(error).toHaveCount(0);
  expect(sent.some((r) => r.startsWith("POST "))).toBe(true);
  await shot(page, "settings-validation-02-valid-cron", { fullPage: false });
});

test("the inline destination form offers the Destinations page's fields and checks them as you type", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  await page.getByTestId("add-destination").click();
  const form = page.getByTestId("add-destination-form");
  await expect(form.getByText("Path-style URLs")).toBeVisible();
  await expect(form.getByText("Private certificate authority (optional)")).toBeVisible();
  await form.getByTestId("input-config.bucket").fill("No_Such Bucket");
  await expect(form.getByTestId("field-error-config.bucket")).toContainText("Bucket names are 3–63 characters");
  await form.getByTestId("dest-type").selectOption("sftp");
  await expect(form.getByLabel("Host key (optional, known_hosts line)")).toBeVisible();
  await expect(form.getByLabel("Host key checking")).toBeVisible();
  await form.scrollIntoViewIfNeeded();
  await shot(page, "settings-validation-03-inline-destination", { fullPage: false });
});
