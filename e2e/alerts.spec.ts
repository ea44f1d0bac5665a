/* Issue 10's alerts in real Chromium against a production build (embedded PGlite and worker, the alert
 * evaluator every 3 s via LIFEBOAT_ALERT_INTERVAL_SECONDS in global-setup), with a real SMTP server
 * (smtp-server) on loopback started by this spec:
 *  1. Channels page: an e-mail channel added through the form — a wrong port is refused in the browser
 *     under its field (same schema as the server) — then "Send test": the loopback server receives it
 *  2. a failing backup (a PostgreSQL source whose database does not exist) → the backup fails → an open
 *     "Backup failed" alert on the Alerts page and the count in the navigation; the channel's e-mail
 *     about it arrives on the loopback SMTP server
 *  3. Acknowledge → the row says acknowledged (and the API says so), the nav count goes away
 * Screens: artifacts/screenshots/alerts-*.png. */
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { startSmtpServer, type SmtpReceiver } from "../lib/notify/test-fixtures/receivers";
import { apiAs, E2E, items, shot, signIn, type Api } from "./fixtures/lifeboat";

let admin: Api;
let smtp: SmtpReceiver;
let environmentId = "";
const PROJECT = `Alerting Shop ${crypto.randomBytes(2).toString("hex")}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-alerts-admin");
  smtp = await startSmtpServer();
  const project = await admin.send("POST", "/projects", { name: PROJECT });
  expect(project.status, project.text).toBe(201);
  const env = await admin.send("POST", `/projects/${(project.body as { id: string }).id}/environments`, {
    name: "production",
    type: "production",
  });
  expect(env.status, env.text).toBe(201);
  environmentId = (env.body as { id: string }).id;
  const src = await admin.send("POST", `/environments/${environmentId}/sources`, {
    name: "shop-db",
    type: "postgres",
    config: {
      host: "127.0.0.1",
      port: 5432,
      database: `lb_missing_${crypto.randomBytes(3).toString("hex")}`,
      user: "postgres",
    },
  });
  expect(src.status, src.text).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
  await smtp?.close();
});

test("an e-mail channel added in the UI passes its test on the loopback SMTP server", async ({ page }) => {
  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.getByTestId("nav-channels").click();
  await expect(page.getByTestId("page-title")).toHaveText("Channels");
  await shot(page, "alerts-channels-empty");
  await page.getByTestId("new-channel").click();
  const dialog = page.getByTestId("channel-dialog");
  await dialog.getByTestId("input-name").fill("Ops e-mail");
  await dialog.getByTestId("input-config.host").fill("127.0.0.1");
  await dialog.getByTestId("input-config.port").fill("99999");
  await dialog.getByTestId("input-config.from").fill("lifeboat@example.test");
  await dialog.getByTestId("input-config.to").fill("not-an-address");
  await dialog.getByTestId("channel-submit").click();
  await expect(dialog.getByTestId("field-error-config.port")).toHaveText("Ports are 1–65535");
  await expect(dialog.getByTestId("field-error-config.to")).toContainText("e-mail address");
  await shot(page, "alerts-channel-form-errors", { fullPage: false });
  await dialog.getByTestId("input-config.port").fill(String(smtp.port));
  await dialog.getByTestId("input-config.to").fill("ops@example.test");
  await dialog.getByTestId("channel-submit").click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("channel-row-Ops e-mail");
  await expect(row).toContainText(`ops@example.test via 127.0.0.1:${smtp.port}`);
  await row.getByTestId("test-Ops e-mail").click();
  await expect(row.getByTestId("test-result")).toHaveAttribute("data-ok", "true");
  const mail = await smtp.waitFor((m) => m.subject === "Lifeboat test message");
  expect(mail.text).toContain('channel "Ops e-mail"');
  await page.reload();
  await expect(page.getByTestId("channel-row-Ops e-mail")).toContainText("delivered");
  await shot(page, "alerts-channels");
  // Persisted, without any secret in the API's answer.
  const list = await admin.get("/channels");
  expect(items<{ name: string; type: string }>(list.body).map((c) => c.name)).toContain("Ops e-mail");
});

test("a failing backup raises an alert on the Alerts page and in the nav, mailed to the channel", async ({ page }) => {
  const started = await admin.send("POST", `/environments/${environmentId}/backups`, {});
  expect(started.status, started.text).toBe(202);
  const backupId = (started.body as { id: string }).id;
  await expect
    .poll(async () => ((await admin.get(`/backups/${backupId}`)).body as { status: string }).status, {
      timeout: 90_000,
    })
    .toBe("failed");
  // The evaluator (every 3 s, leased) notices the failed backup and opens one alert.
  await expect
    .poll(async () => items((await admin.get(`/alerts?environmentId=${environmentId}`)).body).length, {
      timeout: 60_000,
    })
    .toBe(1);
  const [alert] = items<{ id: string; kind: string; severity: string }>(
    (await admin.get(`/alerts?environmentId=${environmentId}`)).body,
  );
  expect(alert).toMatchObject({ kind: "backup_failed", severity: "critical" });

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await expect(page.getByTestId("nav-alerts-count")).toBeVisible();
  const countBefore = Number((await page.getByTestId("nav-alerts-count").innerText()).match(/\d+/)![0]);
  expect(countBefore).toBeGreaterThanOrEqual(1);
  await page.getByTestId("nav-alerts").click();
  const row = page.getByTestId(`alert-row-${alert!.id}`);
  await expect(row).toContainText("Backup failed");
  await expect(row).toContainText(`${PROJECT} / production`);
  await expect(row).toContainText("the last backup failed");
  await expect(row.getByTestId("alert-state")).toHaveAttribute("data-alert-state", "open");
  await shot(page, "alerts-open");

  const mail = await smtp.waitFor((m) => (m.subject ?? "").includes(`${PROJECT} / production`), 60_000);
  expect(mail.text).toContain("the last backup failed");
  expect(mail.headers.get("x-lifeboat-event")).toBe("alert.opened");

  await row.getByTestId(`ack-${alert!.id}`).click();
  await expect(row.getByTestId("alert-state")).toHaveAttribute("data-alert-state", "acknowledged");
  const after = await admin.get(`/alerts?environmentId=${environmentId}`);
  expect(items<{ acknowledgedAt?: string }>(after.body)[0]!.acknowledgedAt).toBeTruthy();
  const navCount = async () =>
    (await page.getByTestId("nav-alerts-count").count())
      ? Number((await page.getByTestId("nav-alerts-count").innerText()).match(/\d+/)![0])
      : 0;
  await expect.poll(navCount).toBe(countBefore - 1);
  await shot(page, "alerts-acknowledged");
});
