/* The alert lifecycle against a real database (PGlite and PostgreSQL) and real channels on loopback:
 * fire → deliver once, acknowledge, auto-resolve with a resolved message, mute, reminders, overdue by an
 * injected clock, 200 failing environments → one message per channel, a down channel retried with
 * backoff while the others are delivered, the one-open-alert index, the evaluator lease, and REST. */
import { randomBytes } from "node:crypto";
import net from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as ackRoute from "@/app/api/v1/alerts/[id]/acknowledge/route";
import * as muteRoute from "@/app/api/v1/alerts/[id]/mute/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { alerts, backups, environments, notificationDeliveries, projects } from "@/lib/db/schema";
import { createChannel, deliverDue, listChannels, MAX_ATTEMPTS } from "@/lib/notify";
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpServer,
} from "@/lib/notify/test-fixtures/receivers";
import { acknowledgeAlert, acquireEvaluatorLease, evaluateAlerts, muteAlert } from "./index";
import { DEFAULT_RULES } from "./rules";
import { backupFailedRule } from "./rules/backup-failed";
import { overdueRule } from "./rules/overdue";

let users: Record<Role, TestUser>;
let http: HttpReceiver;
let smtp: SmtpReceiver;
const HOUR = 3_600_000;
const T0 = new Date("2030-01-01T00:00:00Z");
const at = (h: number) => new Date(T0.getTime() + h * HOUR);

beforeAll(async () => {
  users = await seedRoles();
  http = await startHttpReceiver();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

async function seedProject(envCount = 1, type: "production" | "staging" = "production") {
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await getDb()
    .insert(projects)
    .values({ name: `Acme ${slug}`, slug })
    .returning();
  const envs = await getDb()
    .insert(environments)
    .values(
      Array.from({ length: envCount }, (_, i) => ({
        projectId: p!.id,
        name: envCount === 1 ? "production" : `env-${i}`,
        slug: `env-${i}`,
        type,
        createdAt: at(-1000),
      })),
    )
    .returning();
  return { project: p!, envs };
}

async function addBackup(envId: string, status: "succeeded" | "failed", finishedAt: Date) {
  await getDb()
    .insert(backups)
    .values({
      environmentId: envId,
      status,
      trigger: "scheduled",
      createdAt: new Date(finishedAt.getTime() - 60_000),
      startedAt: new Date(finishedAt.getTime() - 60_000),
      finishedAt,
      error: status === "failed" ? { code: "backup_failed", message: "pg_dump: connection refused" } : null,
    });
}

/** A loopback port that was just free: a real server that is down. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Channels that hear only this project's alerts: a webhook, e-mail, and a webhook to a closed port. */
async function seedChannels(projectId: string, tag: string, down = false) {
  const hook = await createChannel(
    {
      name: `hook-${tag}`,
      type: "webhook",
      config: { url: `${http.url}/${tag}` },
      projectIds: [projectId],
      minSeverity: "info",
    },
    users.admin.actor,
  );
  const mail = await createChannel(
    {
      name: `mail-${tag}`,
      type: "email",
      config: { host: "127.0.0.1", port: smtp.port, from: "lifeboat@example.test", to: [`${tag}@example.test`] },
      projectIds: [projectId],
      minSeverity: "info",
    },
    users.admin.actor,
  );
  const dead = down
    ? await createChannel(
        {
          name: `down-${tag}`,
          type: "webhook",
          config: { url: `http://127.0.0.1:${await closedPort()}/x` },
          projectIds: [projectId],
        },
        users.admin.actor,
      )
    : undefined;
  return { hook, mail, dead };
}

const hooksTo = (tag: string) => http.requests.filter((r) => r.path === `/${tag}`).map((r) => JSON.parse(r.body));
const mailsTo = (tag: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(`${tag}@example.test`));

describe("lifecycle", () => {
  it("a failed backup opens one alert, tells every channel once, and resolves after a good backup", async () => {
    const { project, envs } = await seedProject();
    const env = envs[0]!;
    await seedChannels(project.id, "life");
    await addBackup(env.id, "failed", at(1));
    const r1 = await evaluateAlerts({ now: at(1.1), rules: [backupFailedRule] });
    const mine = r1.opened.filter((a) => a.environment_id === env.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.severity).toBe("critical");
    expect(mine[0]!.message).toMatch(
      /production: the last backup failed \(pg_dump: connection refused\)\. Open the backup's log/,
    );
    // Evaluating again changes nothing and sends nothing new.
    const r2 = await evaluateAlerts({ now: at(1.2), rules: [backupFailedRule] });
    expect(r2.opened.filter((a) => a.environment_id === env.id)).toHaveLength(0);
    await deliverDue({ now: () => at(1.2) });
    expect(hooksTo("life")).toHaveLength(1);
    expect(hooksTo("life")[0]).toMatchObject({
      event: "alert.opened",
      alert: { kind: "backup_failed", state: "open", environmentId: env.id },
    });
    await smtp.waitFor((m) => JSON.stringify(m.to).includes("life@example.test"));
    expect(mailsTo("life")[0]!.subject).toContain("production");

    await addBackup(env.id, "succeeded", at(2));
    const r3 = await evaluateAlerts({ now: at(2.1), rules: [backupFailedRule] });
    expect(r3.resolved.map((a) => a.environment_id)).toContain(env.id);
    await deliverDue({ now: () => at(2.1) });
    expect(hooksTo("life").map((b) => b.event)).toEqual(["alert.opened", "alert.resolved"]);
    expect(hooksTo("life")[1].alert.state).toBe("resolved");
    await smtp.waitFor((m) => JSON.stringify(m.to).includes("life@example.test") && /resolved/i.test(m.subject ?? ""));
    const rows = await getDb().select().from(alerts).where(eq(alerts.environmentId, env.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.resolvedAt?.toISOString()).toBe(at(2.1).toISOString());
  });

  it("the partial unique index allows one open alert per (kind, subject)", async () => {
    const values = { kind: "job_stuck", subjectKey: "job:dup-test", severity: "warning" as const, message: "x" };
    await getDb().insert(alerts).values(values);
    await expect(getDb().insert(alerts).values(values)).rejects.toThrow();
    await getDb().update(alerts).set({ resolvedAt: new Date() }).where(eq(alerts.subjectKey, "job:dup-test"));
    await getDb().insert(alerts).values(values); // a new one may open once the old one resolved
  });

  it("overdue fires from the clock alone (no scheduler, no worker) and resolves after a good backup", async () => {
    const { project, envs } = await seedProject();
    const env = envs[0]!;
    await seedChannels(project.id, "late");
    await addBackup(env.id, "succeeded", at(0));
    const early = await evaluateAlerts({ now: at(25), rules: [overdueRule] });
    expect(early.opened.filter((a) => a.environment_id === env.id)).toHaveLength(0);
    const late = await evaluateAlerts({ now: at(27), rules: [overdueRule] });
    const mine = late.opened.filter((a) => a.environment_id === env.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toMatch(/no good backup within 26 h — the last good backup was 27 h ago/);
    await addBackup(env.id, "succeeded", at(28));
    const fixed = await evaluateAlerts({ now: at(28.5), rules: [overdueRule] });
    expect(fixed.resolved.map((a) => a.environment_id)).toContain(env.id);
    await deliverDue({ now: () => at(28.5) });
    expect(hooksTo("late").map((b) => b.event)).toEqual(["alert.opened", "alert.resolved"]);
  });

  it("reminders go out for open alerts nobody acknowledged; acknowledged and muted ones stay quiet", async () => {
    const { project, envs } = await seedProject(3);
    await seedChannels(project.id, "remind");
    for (const e of envs) await addBackup(e.id, "failed", at(100));
    const opened = (await evaluateAlerts({ now: at(100.1), rules: [backupFailedRule] })).opened.filter((a) =>
      envs.some((e) => e.id === a.environment_id),
    );
    expect(opened).toHaveLength(3);
    const [a, b] = opened;
    await acknowledgeAlert(a!.id, users.operator.actor);
    await muteAlert(b!.id, { until: at(1000) }, users.operator.actor);
    await evaluateAlerts({ now: at(110), rules: [backupFailedRule], reminderSeconds: 24 * 3600 });
    const later = await evaluateAlerts({ now: at(125), rules: [backupFailedRule], reminderSeconds: 24 * 3600 });
    expect(later.reminders.map((r) => r.id).filter((id) => opened.some((o) => o.id === id))).toEqual([opened[2]!.id]);
    await deliverDue({ now: () => at(125) });
    const events = hooksTo("remind");
    expect(events.map((e) => e.event)).toEqual(["alert.opened", "alert.reminder"]);
    expect(events[0].alerts).toHaveLength(3); // one grouped message for the three
    expect(events[1].alert.id).toBe(opened[2]!.id);
    // The muted one resolves silently; the acknowledged one announces its resolution.
    await addBackup(a!.environment_id, "succeeded", at(126));
    await addBackup(b!.environment_id, "succeeded", at(126));
    await evaluateAlerts({ now: at(126.5), rules: [backupFailedRule] });
    await deliverDue({ now: () => at(126.5) });
    const resolvedMsg = hooksTo("remind").at(-1)!;
    expect(resolvedMsg.event).toBe("alert.resolved");
    expect(resolvedMsg.alert.id).toBe(a!.id);
    expect(resolvedMsg.alerts).toBeUndefined();
  });

  it("200 environments failing at once → one message per channel listing all of them", async () => {
    const { project, envs } = await seedProject(200, "staging");
    await seedChannels(project.id, "group");
    await getDb().execute(sql`
      insert into backups (environment_id, status, trigger, created_at, finished_at, error)
      select e.id, 'failed', 'scheduled', ${at(200).toISOString()}::timestamptz, ${at(200).toISOString()}::timestamptz,
             '{"code":"RepoUnreachable","message":"s3.example.com: no route to host"}'::jsonb
      from environments e where e.project_id = ${project.id}::uuid`);
    const r = await evaluateAlerts({ now: at(200.02), rules: [backupFailedRule] });
    expect(r.opened.filter((a) => envs.some((e) => e.id === a.environment_id))).toHaveLength(200);
    await deliverDue({ now: () => at(200.02) });
    const msgs = hooksTo("group");
    expect(msgs).toHaveLength(1);
    expect(msgs[0].alerts).toHaveLength(200);
    await smtp.waitFor((m) => JSON.stringify(m.to).includes("group@example.test"));
    expect(mailsTo("group")).toHaveLength(1);
    expect(mailsTo("group")[0]!.subject).toBe("Lifeboat: 200 alerts opened");
    expect(mailsTo("group")[0]!.text).toContain("…and 150 more");
  });

  it("a down channel is retried with backoff (30 s, 2 min, …) and ends failed; the others are delivered", async () => {
    const { project, envs } = await seedProject();
    const { dead } = await seedChannels(project.id, "retry", true);
    await addBackup(envs[0]!.id, "failed", at(300));
    await evaluateAlerts({ now: at(300.1), rules: [backupFailedRule] });
    let t = at(300.1).getTime();
    await deliverDue({ now: () => new Date(t) });
    expect(hooksTo("retry")).toHaveLength(1); // the working channel got it on the first pass
    const row = async () =>
      (await getDb().select().from(notificationDeliveries).where(eq(notificationDeliveries.channelId, dead!.id)))[0]!;
    let d = await row();
    expect(d).toMatchObject({ status: "pending", attempts: 1 });
    expect(d.lastError).toMatch(/Could not reach 127\.0\.0\.1:\d+: connection refused/);
    expect(d.nextAttemptAt.getTime() - t).toBe(30_000);
    // Not due 10 s later.
    await deliverDue({ now: () => new Date(t + 10_000) });
    expect((await row()).attempts).toBe(1);
    const waits: number[] = [];
    for (d = await row(); d.status === "pending"; d = await row()) {
      waits.push((d.nextAttemptAt.getTime() - t) / 1000);
      t = d.nextAttemptAt.getTime();
      await deliverDue({ now: () => new Date(t) });
    }
    expect(waits).toEqual([30, 120, 600, 1800, 7200]);
    expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    const view = (await listChannels()).find((c) => c.id === dead!.id)!;
    expect(view.problem).toMatchObject({ attempts: MAX_ATTEMPTS, retrying: false });
    expect(hooksTo("retry")).toHaveLength(1);
  });

  it("every default rule runs in one evaluation without error", async () => {
    const r = await evaluateAlerts({ now: new Date(), rules: DEFAULT_RULES });
    expect(r).toHaveProperty("opened");
  });
});

describe("evaluator lease", () => {
  it("only one holder at a time; it renews; another takes over after expiry", async () => {
    const now = new Date();
    expect(await acquireEvaluatorLease("a", now, 60)).toBe(true);
    expect(await acquireEvaluatorLease("b", new Date(now.getTime() + 1000), 60)).toBe(false);
    expect(await acquireEvaluatorLease("a", new Date(now.getTime() + 30_000), 60)).toBe(true);
    expect(await acquireEvaluatorLease("b", new Date(now.getTime() + 60_000), 60)).toBe(false);
    expect(await acquireEvaluatorLease("b", new Date(now.getTime() + 91_000), 60)).toBe(true);
  });
});

describe("REST /api/v1/alerts", () => {
  it("lists, filters, acknowledges (operator) and mutes; viewers may read only", async () => {
    const { envs } = await seedProject();
    await addBackup(envs[0]!.id, "failed", at(400));
    await evaluateAlerts({ now: at(400.1), rules: [backupFailedRule] });
    const list = await call(alertsRoute.GET, {
      token: users.viewer.token,
      path: `/api/v1/alerts?environmentId=${envs[0]!.id}`,
    });
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(1);
    const a = list.json.items[0];
    expect(a).toMatchObject({ kind: "backup_failed", state: "open", environmentId: envs[0]!.id });
    expect(
      (await call(ackRoute.POST, { method: "POST", token: users.viewer.token, params: { id: a.id } })).status,
    ).toBe(403);
    const acked = await call(ackRoute.POST, { method: "POST", token: users.operator.token, params: { id: a.id } });
    expect(acked.status).toBe(200);
    expect(acked.json.acknowledgedAt).toBeTruthy();
    const badMute = await call(muteRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: a.id },
      body: { until: "2001-01-01T00:00:00Z" },
    });
    expect(badMute.status).toBe(400);
    expect(badMute.json.error.fields.until).toMatch(/future/);
    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    const muted = await call(muteRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: a.id },
      body: { until },
    });
    expect(muted.json.mutedUntil).toBe(until);
    const badKind = await call(alertsRoute.GET, { token: users.viewer.token, path: "/api/v1/alerts?kind=nope" });
    expect(badKind.status).toBe(400);
    // Paging: limit 1 over all states gives a cursor that continues.
    const p1 = await call(alertsRoute.GET, { token: users.viewer.token, path: "/api/v1/alerts?state=all&limit=1" });
    const p2 = await call(alertsRoute.GET, {
      token: users.viewer.token,
      path: `/api/v1/alerts?state=all&limit=1&cursor=${p1.json.nextCursor}`,
    });
    expect(p2.json.items[0].id).not.toBe(p1.json.items[0].id);
  });
});
