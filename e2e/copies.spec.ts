/* Issue 13 item 1 (off-site copies) in real Chromium against a production build: an environment backs up
 * into a local primary and is copied (restic copy, by the embedded worker) to two more destinations; the
 * Backups tab shows "2 of 2 copies" and, on a click, each copy destination with its status and time; the
 * gear screen's "Copy to" section lists both targets, and a changed retention (12 monthly) is saved and
 * read back through the API. A destination added on the Destinations page with "Same chunking as <the
 * primary>" gets a repository whose chunker polynomial (bare `restic cat config` with the recovery kit)
 * is the primary's, where one added with its own chunking has another. Delete on the Backups tab removes
 * the backup from all three. Screens under artifacts/screens/copies/, copyends/ and copyleft/. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, items, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let root = "";
let projectSlug = "";
let environmentId = "";
let backupId = "";
const dest: Record<"primary" | "nearby" | "offsite", string> = { primary: "", nearby: "", offsite: "" };
const tag = crypto.randomBytes(2).toString("hex");

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-copies-admin");
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-copies-"));
  const site = path.join(root, "site");
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, "big.bin"), crypto.randomBytes(1_000_000));
  fs.writeFileSync(path.join(site, "index.html"), "<h1>shop</h1>");
  const project = await admin.send("POST", "/projects", { name: "Copy Shop", slug: `copy-shop-${tag}` });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: site },
  });
  expect(src.status, src.text).toBe(201);
  for (const [key, name] of [
    ["primary", `Same rack ${tag}`],
    ["nearby", `Second datacenter ${tag}`],
    ["offsite", `Other cloud ${tag}`],
  ] as const) {
    const d = await admin.send("POST", "/destinations", {
      name,
      type: "local",
      config: { path: path.join(root, key) },
    });
    expect(d.status, d.text).toBe(201);
    dest[key] = (d.body as { id: string }).id;
  }
  const settings = await admin.get(`/environments/${environmentId}/backup-settings`);
  const put = await admin.send("PUT", `/environments/${environmentId}/backup-settings`, {
    ...(settings.body as Record<string, unknown>),
    destinationIds: [dest.primary],
    copies: [{ destinationId: dest.nearby, retention: { keepDaily: 7 } }, { destinationId: dest.offsite }],
  });
  expect(put.status, put.text).toBe(200);
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, {});
  expect(started.status, started.text).toBe(202);
  backupId = (started.body as { id: string }).id;
  await expect
    .poll(
      async () => {
        const b = (await admin.get(`/backups/${backupId}`)).body as { status: string; copies: { status: string }[] };
        return `${b.status} ${b.copies.map((c) => c.status).join(",")}`;
      },
      { timeout: 180_000, intervals: [500] },
    )
    .toBe("succeeded succeeded,succeeded");
});

test.afterAll(async () => {
  await admin?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("the Backups tab shows 2 of 2 copies and where each copy is", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups`);
  const row = page.locator(`[data-testid="backup-row"][data-backup-id="${backupId}"]`);
  const badge = row.getByTestId("copies-badge");
  await expect(badge).toHaveText("2 of 2 copies");
  await expect(badge).toHaveAttribute("data-copies-good", "2");
  await shot(page, "../screens/copies/backups-tab-copies");
  await badge.click();
  const popover = page.getByTestId("copies-popover");
  await expect(popover.getByTestId("copy-item")).toHaveCount(2);
  await expect(popover).toContainText(`Second datacenter ${tag}`);
  await expect(popover).toContainText(`Other cloud ${tag}`);
  await expect(popover.getByTestId("copy-item").first()).toContainText(/Copied .*1 snapshot/);
  await shot(page, "../screens/copies/backups-tab-copies-popover", { fullPage: false });
});

test("Copy to in Backup Settings: both targets listed, a changed retention is saved", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups/settings`);
  const section = page.getByTestId("copy-section");
  const rows = section.getByTestId("copy-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId("copy-destination")).toHaveValue(dest.nearby);
  await expect(rows.nth(0).getByTestId("copy-retention")).toHaveValue("keepDaily");
  await expect(rows.nth(0).getByTestId("copy-retention-count")).toHaveValue("7");
  await expect(rows.nth(1).getByTestId("copy-retention")).toHaveValue("");
  // Neither the primary nor the other row's target is offered as this row's copy target.
  const offered = await rows
    .nth(1)
    .getByTestId("copy-destination")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toContain(dest.offsite);
  expect(offered).not.toContain(dest.primary);
  expect(offered).not.toContain(dest.nearby);
  await rows.nth(1).getByTestId("copy-retention").selectOption("keepMonthly");
  await rows.nth(1).getByTestId("copy-retention-count").fill("12");
  await shot(page, "../screens/copies/settings-copy-to");
  await page.getByTestId("settings-save").click();
  await expect(page.getByTestId("settings-saved")).toBeVisible();
  const saved = (await admin.get(`/environments/${environmentId}/backup-settings`)).body as {
    copies: { destinationId: string; retention?: unknown }[];
  };
  expect(saved.copies).toEqual([
    { destinationId: dest.nearby, retention: { keepDaily: 7 } },
    { destinationId: dest.offsite, retention: { keepMonthly: 12 } },
  ]);
});

test("Delete on the Backups tab says where the backup is held and removes it from all three", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/backups`);
  const row = page.locator(`[data-testid="backup-row"][data-backup-id="${backupId}"]`);
  await row.getByTestId("row-delete").click();
  const dialog = page.getByTestId("delete-backup-dialog");
  await expect(dialog.getByTestId("delete-where")).toHaveText(
    // Copies queued together are listed by name.
    `Held on primary + 2 copies (Same rack ${tag}, Other cloud ${tag}, Second datacenter ${tag}) — all three are removed.`,
  );
  await shot(page, "../screens/copyends/delete-backup-dialog", { fullPage: false });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  expect((await admin.get(`/backups/${backupId}`)).status).toBe(404);
});

/** The repository's chunker polynomial, read with the bare restic CLI and the recovery kit. */
async function polynomialOf(destinationId: string): Promise<string> {
  const kit = await admin.send("POST", `/destinations/${destinationId}/recovery-kit`, { password: E2E.adminPassword });
  expect(kit.status, kit.text).toBe(200);
  const k = kit.body as { repository: string; password: string };
  const config = execFileSync("restic", ["-r", k.repository, "--no-cache", "cat", "config"], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: k.password } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return (JSON.parse(config) as { chunker_polynomial: string }).chunker_polynomial;
}

test("Add destination with Same chunking as the primary: its repository gets the primary's chunker", async ({
  page,
}) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/destinations");
  await page.getByTestId("new-destination").click();
  const dialog = page.getByTestId("destination-dialog");
  await dialog.getByTestId("input-type").selectOption("local");
  const name = `Third site ${tag}`;
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Directory on this server").fill(path.join(root, "third"));
  const chunking = dialog.getByTestId("input-chunkerParamsFrom");
  await expect(chunking).toHaveValue("");
  await expect(chunking.locator("option").first()).toHaveText("Its own (default)");
  await chunking.selectOption({ label: `Same chunking as Same rack ${tag}` });
  await expect(chunking).toHaveValue(dest.primary);
  await shot(page, "../screens/copyleft/add-destination-same-chunking", { fullPage: false });
  await dialog.getByTestId("destination-submit").click();
  await expect(page.getByText(`Destination ${name} added and its restic repository created`)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId(`destination-row-${name}`)).toBeVisible();
  const added = items<{ id: string; name: string }>((await admin.get("/destinations")).body).find(
    (d) => d.name === name,
  );
  expect(added).toBeTruthy();
  // Its own chunking, for contrast: a destination added without the choice gets another polynomial.
  const own = await admin.send("POST", "/destinations", {
    name: `Own chunking ${tag}`,
    type: "local",
    config: { path: path.join(root, "own") },
  });
  expect(own.status, own.text).toBe(201);
  const primary = await polynomialOf(dest.primary);
  expect(await polynomialOf(added!.id)).toBe(primary);
  expect(await polynomialOf((own.body as { id: string }).id)).not.toBe(primary);
});
