/* Environment types (issue 13 item 3): an admin opens "Environment types" from the navigation, edits
 * production's retention to the Platform.sh example (7 daily · 4 weekly · 12 monthly) and a total cap,
 * and a production environment with no overrides then shows that retention on its gear screen, marked
 * as inherited from the production defaults — while the API says the same. The type is reset at the end
 * (specs share one server). Screenshots: artifacts/screens/policies/. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

const DIR = path.join(process.cwd(), "artifacts", "screens", "policies");
async function screen(page: Page, name: string) {
  fs.mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: true, animations: "disabled" });
}

let admin: Api;
let projectSlug = "";
let environmentId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-type-policies");
  const project = await admin.send("POST", "/projects", {
    name: "Hooli",
    slug: `hooli-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
});

test.afterAll(async () => {
  if (admin) {
    const reset = await admin.send("PUT", "/environment-types/production", {
      schedules: null,
      retention: null,
      maxManualBackups: null,
      maxBackups: null,
      live: null,
    });
    expect(reset.status, reset.text).toBe(200);
    await admin.dispose();
  }
});

test("editing production's retention reaches a production environment without overrides, shown as inherited", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  // Before: the environment inherits the built-in Lagoon preset.
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  const gear = page.getByTestId("backup-settings-form");
  await expect(gear.getByTestId("retention-preset")).toHaveValue("lagoon");
  await expect(gear.getByTestId("inherited-note").first()).toContainText("Inherited from the production defaults");

  await page.getByTestId("nav-environment-types").click();
  await expect(page.getByTestId("page-title")).toHaveText("Environment types");
  const form = page.getByTestId("type-policy-form");
  await expect(form.getByTestId("type-policy-list")).toHaveText("As a Platform.sh policy: 1d × 7, 1w × 6, 1M × 1.");
  await expect(form.getByTestId("schedule-cron")).toHaveValue("@daily-random");
  await expect(form.getByTestId("schedule-timezone")).toHaveValue("Environment's zone");
  await expect(form.getByTestId("schedule-words")).toContainText("the next runs of an example environment");
  await screen(page, "01-environment-types-production");

  await form.getByTestId("retention-preset").selectOption("custom");
  await form.getByTestId("gfs-keepWeekly").fill("4");
  await form.getByTestId("gfs-keepMonthly").fill("12");
  await form.getByTestId("max-backups").fill("30");
  await expect(form.getByTestId("type-policy-list")).toHaveText("As a Platform.sh policy: 1d × 7, 1w × 4, 1M × 12.");
  await form.getByTestId("type-policy-save").click();
  await expect(page.getByTestId("type-policy-saved")).toContainText("The production defaults are saved.");
  await expect(page.getByTestId("type-summary").first()).toContainText(
    "keeps 7 daily · 4 weekly · 12 monthly, at most 30 in total.",
  );
  await screen(page, "02-production-saved");

  const api = await admin.get<{ retention: unknown; policy: unknown; maxBackups: number }>(
    "/environment-types/production",
  );
  expect(api.body).toMatchObject({
    retention: { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
    policy: [
      { interval: "1d", count: 7 },
      { interval: "1w", count: 4 },
      { interval: "1M", count: 12 },
    ],
    maxBackups: 30,
  });

  // The environment (no overrides) now shows the type's new retention, marked as inherited.
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  await expect(gear.getByTestId("retention-preset")).toHaveValue("custom");
  await expect(gear.getByTestId("gfs-keepDaily")).toHaveValue("7");
  await expect(gear.getByTestId("gfs-keepWeekly")).toHaveValue("4");
  await expect(gear.getByTestId("gfs-keepMonthly")).toHaveValue("12");
  await expect(gear.getByTestId("max-backups")).toHaveValue("30");
  const note = gear.getByTestId("inherited-note").first();
  await expect(note).toContainText(
    "Inherited from the production defaults: retention, manual backups kept, backups kept in total.",
  );
  await screen(page, "03-environment-inherits");
  const settings = await admin.get<{ inherited: string[]; policy: unknown }>(
    `/environments/${environmentId}/backup-settings`,
  );
  expect(settings.body.inherited).toEqual(expect.arrayContaining(["retention", "maxBackups", "schedules"]));

  // Editing the retention here makes it this environment's own: the note drops it.
  await gear.getByTestId("gfs-keepDaily").fill("9");
  await expect(note).toContainText(
    "Inherited from the production defaults: manual backups kept, backups kept in total.",
  );
});
