/* Scoped API tokens in the panel (Account page), in real Chromium: an admin makes a token that is
 * read-only, limited to one project and expiring in 7 days; the value is shown once; the table shows the
 * scope; and the token, used against the REST API, reads its project, is refused any change (403, says
 * "read-only") and does not find the other project (404). Screenshots: artifacts/screens/sso/tokens-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type Api, apiAs, E2E, signIn } from "./fixtures/lifeboat";
import { ROOT } from "./fixtures/server";

const SHOTS = path.join(ROOT, "artifacts", "screens", "sso");
const SUFFIX = crypto.randomBytes(3).toString("hex");
let admin: Api;
const projects = { mine: { id: "", name: `Scoped ${SUFFIX}` }, other: { id: "", name: `Other ${SUFFIX}` } };

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations: "disabled" });
}

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-scoped-tokens");
  for (const p of Object.values(projects)) {
    const r = await admin.send("POST", "/projects", { name: p.name });
    expect(r.status, r.text).toBe(201);
    p.id = (r.body as { id: string }).id;
  }
});

test.afterAll(async () => {
  await admin?.dispose();
});

test("a read-only token for one project, expiring in 7 days, made on the Account page", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/account");
  await page.getByTestId("new-token").click();
  const dialog = page.getByTestId("token-dialog");
  await dialog.getByLabel("Name").fill(`report-bot-${SUFFIX}`);
  await dialog.getByTestId("token-read-only").click();
  await dialog.getByTestId("token-projects").selectOption("some");
  await dialog.getByTestId(`token-project-${projects.mine.name}`).check();
  await dialog.getByTestId("token-expiry").selectOption("7");
  await shot(page, "tokens-01-create-scoped");
  await dialog.getByTestId("token-submit").click();
  const token = (await page.getByTestId("new-token-value").textContent())!.trim();
  expect(token).toMatch(/^lb_/);
  await page.getByTestId("token-done").click();
  const row = page.getByTestId(`token-row-report-bot-${SUFFIX}`);
  await expect(row.getByTestId("token-scope")).toContainText("read-only");
  await expect(row.getByTestId("token-scope")).toContainText(projects.mine.name);
  await expect(row.getByTestId("token-scope")).toContainText(/expires \d{4}-\d{2}-\d{2}/);
  // What was stored: the scope, and an expiry seven days from now.
  const stored = await admin.get<{
    items: { name: string; readOnly: boolean; projectIds: string[]; expiresAt: string }[];
  }>("/auth/token?all=true");
  const t = stored.body.items.find((i) => i.name === `report-bot-${SUFFIX}`)!;
  expect(t).toMatchObject({ readOnly: true, projectIds: [projects.mine.id] });
  expect(Math.abs(new Date(t.expiresAt).getTime() - (Date.now() + 7 * 86_400_000))).toBeLessThan(10 * 60_000);
  await expect(page.locator("body")).not.toContainText(token); // shown once
  await shot(page, "tokens-02-table");

  const auth = { Authorization: `Bearer ${token}` };
  const list = await page.request.get("/api/v1/projects", { headers: auth });
  expect(((await list.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([projects.mine.id]);
  expect((await page.request.get(`/api/v1/projects/${projects.mine.id}`, { headers: auth })).status()).toBe(200);
  expect((await page.request.get(`/api/v1/projects/${projects.other.id}`, { headers: auth })).status()).toBe(404);
  const change = await page.request.patch(`/api/v1/projects/${projects.mine.id}`, {
    headers: auth,
    data: { name: "renamed by a read-only token" },
  });
  expect(change.status()).toBe(403);
  expect(await change.text()).toContain("read-only");
  const still = await admin.get<{ name: string }>(`/projects/${projects.mine.id}`);
  expect(still.body.name).toBe(projects.mine.name);
});
