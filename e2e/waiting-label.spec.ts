/* A backup pinned to a host no worker serves (issue 14 item 5): the environment's directory source is
 * labelled host-b and the panel's own worker carries no label, so the backup stays queued; the banner
 * says "waiting for a worker labelled host-b", and the REST API says the same (`waiting` on the backup
 * and on its job, the job's `workerLabel`). A cancel then settles it. The two-host test
 * (test/hosts/two-hosts.hosts.test.ts) shows the same text while a killed host's job waits.
 * Screen: artifacts/screens/hosts/waiting-for-label.png. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";
import { ROOT } from "./fixtures/server";

let admin: Api;
let projectSlug = "";
let filesDir = "";

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-waiting-label");
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-pinned-"));
  fs.writeFileSync(path.join(filesDir, "index.html"), "<h1>on host B</h1>");
  const project = await admin.send("POST", "/projects", {
    name: "Pinned",
    slug: `pinned-${crypto.randomBytes(2).toString("hex")}`,
  });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "dev", type: "development" });
  expect(env.status, env.text).toBe(201);
  const environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "site",
    type: "directory",
    config: { path: filesDir },
    workerLabel: "host-b",
  });
  expect(src.status, src.text).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

test("a backup pinned to host-b says it waits for a worker labelled host-b", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/dev/backups`);
  await page.getByTestId("backup-now").click();
  await page.getByTestId("backup-now-start").click();
  const banner = page.getByTestId("active-backup");
  await expect(banner).toContainText("Manual backup waiting for a worker labelled host-b");
  await expect(banner).toHaveAttribute("data-status", "queued");
  await expect(banner.getByTestId("progress-bar"), "nothing is starting: no pulsing bar").toHaveCount(0);
  const backupId = (await banner.getAttribute("data-backup-id"))!;
  const dir = path.join(ROOT, "artifacts", "screens", "hosts");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, "waiting-for-label.png"), animations: "disabled" });

  const backup = await admin.get<{ status: string; waiting?: string; jobId: string }>(`/backups/${backupId}`);
  expect(backup.status, backup.text).toBe(200);
  expect(backup.body.waiting).toBe("waiting for a worker labelled host-b");
  const job = await admin.get<{ status: string; waiting: string | null; workerLabel: string | null }>(
    `/jobs/${backup.body.jobId}`,
  );
  expect(job.body).toMatchObject({
    status: "queued",
    workerLabel: "host-b",
    waiting: "waiting for a worker labelled host-b",
  });

  const cancel = await admin.send("POST", `/jobs/${backup.body.jobId}/cancel`);
  expect(cancel.status, cancel.text).toBeLessThan(300);
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  const after = await admin.get<{ status: string; waiting?: string }>(`/backups/${backupId}`);
  expect(after.body.status).toBe("cancelled");
  expect(after.body.waiting).toBeUndefined();
});
