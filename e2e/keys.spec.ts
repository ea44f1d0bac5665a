/* Issue 13 item 2 in real Chromium against a production build: the Keys dialog of a destination on the
 * Destinations page. One key at first, marked as Lifeboat's; "Add key" with the admin's password adds a
 * second (restic's list through the API says so); removing it works; "Rotate now" runs the rotate_key
 * job to the end: one key again, a different one, marked Lifeboat's, and "last rotated" set. Screens
 * under artifacts/screens/keys/. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let repoDir = "";
let destId = "";
const destName = `Keyed disk ${crypto.randomBytes(2).toString("hex")}`;
const SCREENS = path.join(process.cwd(), "artifacts", "screens", "keys");
type Keys = { items: { id: string; current: boolean }[]; rotation: { lastRotatedAt: string | null } };

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-keys-admin");
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-keys-"));
  const dest = await admin.send("POST", "/destinations", {
    name: destName,
    type: "local",
    config: { path: path.join(repoDir, "repo") },
  });
  expect(dest.status, dest.text).toBe(201);
  destId = (dest.body as { id: string }).id;
  fs.mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(async () => {
  await admin?.dispose();
  if (repoDir) fs.rmSync(repoDir, { recursive: true, force: true });
});

test("key list, add, remove and rotation from the Keys dialog", async ({ page }) => {
  test.setTimeout(240_000);
  const keys = async () => (await admin.get(`/destinations/${destId}/keys`)).body as Keys;
  const [first] = (await keys()).items;
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto("/destinations");
  const row = page.getByTestId(`destination-row-${destName}`);
  await row.getByTestId(`keys-${destName}`).click();
  const dialog = page.getByTestId("keys-dialog");
  const list = dialog.getByTestId("keys-list");
  await expect(list.locator("li")).toHaveCount(1, { timeout: 60_000 });
  await expect(list.getByTestId(`key-${first.id.slice(0, 8)}`)).toHaveAttribute("data-current", "true");
  await expect(dialog.getByTestId("last-rotated")).toContainText("never");

  await dialog.getByTestId("add-key-open").click();
  await dialog.getByTestId("key-password").fill("auditor envelope password");
  await dialog.getByTestId("key-user").fill("auditor");
  await dialog.getByTestId("key-admin-password").fill(E2E.adminPassword);
  await page.screenshot({ path: path.join(SCREENS, "add-key.png") });
  await dialog.getByTestId("add-key-submit").click();
  await expect(list.locator("li")).toHaveCount(2, { timeout: 60_000 });
  const two = (await keys()).items;
  expect(two).toHaveLength(2);
  const added = two.find((k) => !k.current)!;
  await expect(list.getByTestId(`key-${added.id.slice(0, 8)}`)).toContainText("auditor");
  await page.screenshot({ path: path.join(SCREENS, "two-keys.png") });

  await list.getByTestId(`remove-key-${added.id.slice(0, 8)}`).click();
  await expect(list.locator("li")).toHaveCount(1, { timeout: 60_000 });
  expect((await keys()).items.map((k) => k.id)).toEqual([first.id]);

  await dialog.getByTestId("rotate-key").click();
  await expect(dialog.getByTestId("rotation-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 180_000,
  });
  await expect(dialog.getByTestId("last-rotated")).not.toContainText("never");
  const after = await keys();
  expect(after.items).toHaveLength(1);
  expect(after.items[0].id).not.toBe(first.id);
  expect(after.items[0].current).toBe(true);
  expect(after.rotation.lastRotatedAt).not.toBeNull();
  await expect(list.getByTestId(`key-${after.items[0].id.slice(0, 8)}`)).toHaveAttribute("data-current", "true");
  await page.screenshot({ path: path.join(SCREENS, "rotated.png") });
});
