/* E-mailed reports against a real smtp-server on loopback: the weekly report of the last complete week
 * arrives once (two passes, and two leased loops, send one e-mail) to the chosen addresses with a PDF
 * that poppler's pdftoppm renders and a CSV; a refused send gives the period back; the route is
 * admin-only and validates. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as mailRoute from "@/app/api/v1/reports/mail/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";
import { createChannel } from "@/lib/notify";
import { type SmtpReceiver, startSmtpServer } from "@/lib/notify/test-fixtures/receivers";
import { lastCompletePeriod } from "./periods";
import { startReportMailer } from "./report-mailer";
import { sendDueReportMail } from "./send-report-mail";

let users: Record<Role, TestUser>;
let smtp: SmtpReceiver;
let channelId = "";
let projectId = "";

beforeAll(async () => {
  users = await seedRoles();
  smtp = await startSmtpServer();
  const [p] = await getDb().insert(projects).values({ name: "Mailed Shop", slug: "mailed-shop" }).returning();
  projectId = p!.id;
  await getDb().insert(environments).values({ projectId, name: "production", slug: "production", type: "production" });
  const ch = await createChannel(
    {
      name: "Report mail",
      type: "email",
      config: { host: "127.0.0.1", port: smtp.port, from: "lifeboat@example.test", to: ["alerts@example.test"] },
    },
    users.admin.actor,
  );
  channelId = ch.id;
});
afterAll(async () => {
  await smtp?.close();
});

describe("periods", () => {
  it("weekly is the last complete ISO week, monthly the last complete month (UTC)", () => {
    const wed = new Date("2026-12-02T19:00:00Z");
    expect(lastCompletePeriod("weekly", wed)).toEqual({
      key: "2026-W48",
      from: new Date("2026-11-23T00:00:00Z"),
      to: new Date("2026-11-30T00:00:00Z"),
    });
    expect(lastCompletePeriod("monthly", wed)).toEqual({
      key: "2026-11",
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
    });
    expect(lastCompletePeriod("weekly", new Date("2027-01-04T00:00:00Z")).key).toBe("2026-W53");
  });
});

describe("weekly report e-mail", () => {
  it("rejects bad settings with specific messages and is admin-only", async () => {
    const bad = await call(mailRoute.PUT, {
      method: "PUT",
      token: users.admin.token,
      body: { cadence: "daily", addresses: ["nope"] },
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.json);
    expect(text).toContain("cadence must be weekly or monthly");
    expect(text).toContain("Enter e-mail addresses such as ops@example.com");
    const op = await call(mailRoute.PUT, {
      method: "PUT",
      token: users.operator.token,
      body: { cadence: "weekly", addresses: ["a@example.test"], channelId },
    });
    expect(op.status).toBe(403);
  });

  it("arrives once with a real PDF and the CSV; a failed send is tried again", async () => {
    const now = new Date("2026-12-02T08:00:00Z");
    const put = await call(mailRoute.PUT, {
      method: "PUT",
      token: users.admin.token,
      body: { cadence: "weekly", addresses: ["cto@example.test", "ops@example.test"], projectId, channelId },
    });
    expect(put.status).toBe(200);
    const loops = [startReportMailer({ now: () => now }), startReportMailer({ now: () => now })];
    await Promise.all(loops.map((l) => l.tick()));
    await Promise.all(loops.map((l) => l.stop()));
    expect(await sendDueReportMail(now)).toEqual({ skipped: "already_sent" });
    const mail = await smtp.waitFor((m) => (m.subject ?? "").includes("2026-W48"));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => (m.subject ?? "").includes("2026-W48"))).toHaveLength(1);
    expect(mail.subject).toBe("Lifeboat weekly report 2026-W48 · Mailed Shop");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("cto@example.test, ops@example.test");
    expect(mail.text).toContain("Mailed Shop, 2026-11-23 – 2026-11-29 (UTC): 1 environments.");
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf");
    const csv = mail.attachments.find((a) => a.filename?.endsWith(".csv"));
    expect(pdf?.filename).toBe("lifeboat-report-mailed-shop-2026-W48.pdf");
    expect(csv?.content.toString()).toContain("production");
    const dir = path.join(process.cwd(), "test-results", "report-mail", process.env.LIFEBOAT_TEST_DB ?? "db");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "weekly.pdf"), pdf!.content);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-singlefile",
      path.join(dir, "weekly.pdf"),
      path.join(dir, "weekly"),
    ]);
    const png = fs.readFileSync(path.join(dir, "weekly.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
    const view = await call(mailRoute.GET, { token: users.admin.token });
    expect(view.json).toMatchObject({ lastSentPeriod: "weekly.2026-W48", settings: { cadence: "weekly" } });

    // The next week, with the SMTP server gone: the send fails and the period is not recorded.
    const nextWeek = new Date("2026-12-09T08:00:00Z");
    await smtp.close();
    const r = await sendDueReportMail(nextWeek);
    expect("failed" in r && r.failed).toContain("connection refused");
    smtp = await startSmtpServer();
    await getDb().execute(
      sql`update notification_channels set config = jsonb_set(config, '{port}', to_jsonb(${smtp.port}::int)) where id = ${channelId}::uuid`,
    );
    expect(await sendDueReportMail(nextWeek)).toEqual({ sent: "2026-W49" });
    await smtp.waitFor((m) => (m.subject ?? "").includes("2026-W49"));
  });
});
