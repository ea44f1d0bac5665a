/* Restoring into another environment whose sources are named differently (issue 11, item 10), in real
 * Chromium with real restic and real folders: picking the other environment shows, per backed-up source,
 * which of its sources it restores into — "media" finds its namesake, "site" has none and is flagged
 * before Continue (which stays disabled), an environment without folder sources says so — choosing
 * "webroot" for "site" lets the restore go on, the confirmation names the target source, and the backed-up
 * file lands in webroot's folder on disk. Screenshots: artifacts/screenshots/restore-mapping-*.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let tmp = "";
let projectSlug = "";
let backupId = "";
const ids: Record<string, string> = {};

test.describe.configure({ mode: "serial" });

async function addSource(envId: string, name: string, dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const res = await admin.send("POST", `/environments/${envId}/sources`, {
    name,
    type: "directory",
    config: { path: dir },
  });
  expect(res.status, res.text).toBe(201);
  return (res.body as { id: string }).id;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-restore-mapping-admin");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-mapping-"));
  const project = await admin.send("POST", "/projects", {
    name: "Umbrella",
    slug: `umbrella-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = async (name: string) => {
    const res = await admin.send("POST", `/projects/${p.id}/environments`, { name, type: "development" });
    expect(res.status, res.text).toBe(201);
    return (res.body as { id: string }).id;
  };
  const [dev, qa] = [await env("dev"), await env("qa")];
  await env("bare");
  ids.site = await addSource(dev, "site", path.join(tmp, "dev-site"));
  ids.media = await addSource(dev, "media", path.join(tmp, "dev-media"));
  fs.writeFileSync(path.join(tmp, "dev-site", "index.html"), "<h1>from dev</h1>\n");
  fs.writeFileSync(path.join(tmp, "dev-media", "logo.svg"), "<svg/>\n");
  ids.webroot = await addSource(qa, "webroot", path.join(tmp, "qa-webroot"));
  ids.qaMedia = await addSource(qa, "media", path.join(tmp, "qa-media"));
  const b = await admin.send("POST", `/environments/${dev}/backups`, {});
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
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("another environment: the dialog maps each source, flags the one without a namesake, and restores into the chosen one", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/dev/backups/${backupId}`);
  await page.getByTestId("restore-open").click();
  const dialog = page.getByTestId("restore-dialog");
  await dialog.getByTestId("scope-files").check();
  await expect(dialog.getByTestId("restore-mapping")).toHaveCount(0); // in place: nothing to map

  const target = dialog.getByTestId("restore-target");
  await target.selectOption({ label: `Umbrella / bare (development)` });
  await expect(dialog.getByTestId("restore-map-problem")).toHaveText([
    "bare has no directory source: add one to restore into.",
    "bare has no directory source: add one to restore into.",
  ]);
  await expect(dialog.getByTestId("restore-continue")).toBeDisabled();

  await target.selectOption({ label: `Umbrella / qa (development)` });
  const site = dialog.getByTestId(`restore-map-${ids.site}`);
  const media = dialog.getByTestId(`restore-map-${ids.media}`);
  await expect(site).toHaveAttribute("data-state", "problem");
  await expect(site.getByTestId("restore-map-problem")).toHaveText("qa has no source named “site”: choose one.");
  await expect(media).toHaveAttribute("data-state", "ok");
  await expect(media.getByRole("combobox")).toHaveValue(ids.qaMedia); // the default: same name and type
  await expect(dialog.getByTestId("restore-continue")).toBeDisabled();
  await shot(page, "restore-mapping-01-mismatch-flagged", { fullPage: false });

  await site.getByRole("combobox").selectOption({ label: "webroot" });
  await expect(site).toHaveAttribute("data-state", "ok");
  await expect(dialog.getByTestId("restore-map-problem")).toHaveCount(0);
  await shot(page, "restore-mapping-02-mapped", { fullPage: false });
  await dialog.getByTestId("restore-continue").click();

  const confirm = page.getByTestId("restore-confirm");
  await expect(confirm.getByTestId("restore-summary")).toContainText("folder site (into webroot) becomes exactly");
  await expect(confirm.getByTestId("restore-summary")).toContainText("folder media (into media)");
  await expect(confirm.getByTestId("restore-preview")).toHaveAttribute("data-state", "ready");
  await expect(confirm.getByTestId("restore-preview-sentence")).toContainText("brings back 2");
  await shot(page, "restore-mapping-03-confirm", { fullPage: false });
  await confirm.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("restore-progress")).toHaveAttribute("data-status", "succeeded", {
    timeout: 180_000,
  });
  expect(fs.readFileSync(path.join(tmp, "qa-webroot", "index.html"), "utf8")).toBe("<h1>from dev</h1>\n");
  expect(fs.readFileSync(path.join(tmp, "qa-media", "logo.svg"), "utf8")).toBe("<svg/>\n");
});
