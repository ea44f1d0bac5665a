/* Issue 12, items 1–2, in real Chromium against a production build: a PostgreSQL source on a cluster
 * this spec makes with initdb (random loopback port, replication role) is switched to "Continuous
 * (point-in-time)" in the source form; the embedded worker's PITR supervisor starts pg_receivewal and
 * the sources list shows "Streaming" (the API says the same). Turning it off through the API drops the
 * slot. Screenshot: artifacts/screens/pitr-stream/source-streaming.png. */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startTestCluster, type TestCluster } from "../lib/engine/pitr/test-cluster";
import { apiAs, E2E, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let pg: TestCluster;
let projectSlug = "";
let sourceId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  pg = await startTestCluster();
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-pitr-admin");
  const tag = Math.random().toString(16).slice(2, 8);
  const project = await admin.send("POST", "/projects", { name: "PITR Shop", slug: `pitr-shop-${tag}` });
  expect(project.status, project.text).toBe(201);
  const p = project.body as { id: string; slug: string };
  projectSlug = p.slug;
  const env = await admin.send("POST", `/projects/${p.id}/environments`, { name: "production", type: "production" });
  expect(env.status, env.text).toBe(201);
  const src = await admin.send("POST", `/environments/${(env.body as { id: string }).id}/sources`, {
    name: "orders-db",
    type: "postgres",
    config: { host: "127.0.0.1", port: pg.port, database: "shop", user: "lbrepl" },
  });
  expect(src.status, src.text).toBe(201);
  sourceId = (src.body as { id: string }).id;
});

test.afterAll(async () => {
  if (sourceId)
    await admin?.send("PATCH", `/sources/${sourceId}`, {
      config: { host: "127.0.0.1", port: pg.port, database: "shop", user: "lbrepl", pitr: { enabled: false } },
    });
  await admin?.dispose();
  pg?.stop();
});

test("turning PITR on for a source shows it streaming", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${projectSlug}/environments/production/sources`);
  const row = page.getByTestId("source-row-orders-db");
  await expect(row.getByText("dumps only")).toBeVisible();
  await page.getByTestId("source-actions-orders-db").click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await page.getByTestId("pitr-switch").click();
  await expect(page.getByLabel("Base backups (cron, UTC)")).toBeVisible();
  const dir = path.join(process.cwd(), "artifacts", "screens", "pitr-stream");
  fs.mkdirSync(dir, { recursive: true });
  await page
    .getByRole("dialog")
    .screenshot({ path: path.join(dir, "source-form-pitr-on.png"), animations: "disabled" });
  await page.getByTestId("source-submit").click();
  await expect(page.getByRole("dialog")).toBeHidden({ timeout: 60_000 });

  // The API promise: pitr.state goes starting → streaming.
  await expect
    .poll(async () => ((await admin.get(`/sources/${sourceId}`)).body as { pitr?: { state: string } }).pitr?.state, {
      timeout: 90_000,
    })
    .toBe("streaming");
  await page.reload();
  await expect(row.getByTestId("pitr-state")).toHaveAttribute("data-state", "streaming");
  await page.screenshot({ path: path.join(dir, "source-streaming.png"), fullPage: true, animations: "disabled" });
  expect(pg.sql("select count(*) from pg_replication_slots where slot_name like 'lifeboat_%'")).toBe("1");

  const off = await admin.send("PATCH", `/sources/${sourceId}`, {
    config: { host: "127.0.0.1", port: pg.port, database: "shop", user: "lbrepl", pitr: { enabled: false } },
  });
  expect(off.status, off.text).toBe(200);
  await expect
    .poll(() => pg.sql("select count(*) from pg_replication_slots where slot_name like 'lifeboat_%'"), {
      timeout: 30_000,
    })
    .toBe("0");
});
