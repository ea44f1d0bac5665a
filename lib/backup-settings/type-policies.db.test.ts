/* Environment-type policies and the Platform.sh fields against a real app database (PGlite and
 * PostgreSQL): the seed equals Lifeboat's built-in defaults, GET|PUT /environment-types/{type} (roles,
 * messages, audit), environments inheriting what a type says (and `inherited` saying so), `policy` lists
 * through PUT backup-settings both ways, maxBackups / maxManualBackups in the retention decision and the
 * preview, and the 409 for backups of and restores into inactive environments. */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { auditLog, backups, environments, environmentTypePolicies, projects } from "@/lib/db/schema";
import * as typeRoute from "@/app/api/v1/environment-types/[type]/route";
import * as typesRoute from "@/app/api/v1/environment-types/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as previewRoute from "@/app/api/v1/environments/[id]/backup-settings/preview/route";
import * as envRoute from "@/app/api/v1/environments/[id]/route";
import * as envBackupsRoute from "@/app/api/v1/environments/[id]/backups/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import { listScheduledEnvironments } from "./scheduled-environments";
import { decideRetention } from "./decide-retention";
import { ENVIRONMENT_TYPES, seedDefaultsFor } from "./defaults";

let users: Record<Role, TestUser>;
const PSH = [
  { interval: "1d", count: 7 },
  { interval: "1w", count: 4 },
  { interval: "1M", count: 12 },
];

async function environment(type: "production" | "staging" | "development", timezone = "Europe/Berlin") {
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await getDb().insert(projects).values({ name: slug, slug }).returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: `${slug} ${type}`, slug: type, type, timezone })
    .returning();
  return e!.id;
}
const putType = (type: string, body: unknown, token = users.admin.token) =>
  call(typeRoute.PUT, { method: "PUT", token, params: { type }, body });
const getType = (type: string) => call(typeRoute.GET, { token: users.viewer.token, params: { type } });
const getSettings = (id: string) => call(settingsRoute.GET, { token: users.viewer.token, params: { id } });
const putSettings = (id: string, body: unknown) =>
  call(settingsRoute.PUT, { method: "PUT", token: users.admin.token, params: { id }, body });

beforeAll(async () => {
  users = await seedRoles();
});
afterAll(async () => {
  for (const t of ENVIRONMENT_TYPES)
    await putType(t, { schedules: null, retention: null, maxManualBackups: null, maxBackups: null, live: null });
});

describe("environment-type policies", () => {
  it("the migration seeded each type with the built-in defaults", async () => {
    const rows = await getDb().select().from(environmentTypePolicies);
    expect(rows).toHaveLength(3);
    for (const t of ENVIRONMENT_TYPES) {
      const r = rows.find((x) => x.type === t)!;
      expect({
        schedules: r.schedules,
        retention: r.retention,
        maxManualBackups: r.maxManualBackups,
        maxBackups: r.maxBackups,
        live: r.live,
      }).toEqual(seedDefaultsFor(t));
    }
    const list = await call(typesRoute.GET, { token: users.viewer.token });
    expect(list.json.items.map((i: { type: string }) => i.type)).toEqual(["production", "staging", "development"]);
    const prod = await getType("production");
    expect(prod.status).toBe(200);
    expect(prod.json).toMatchObject({
      type: "production",
      retention: { preset: "lagoon" },
      policy: [
        { interval: "1d", count: 7 },
        { interval: "1w", count: 6 },
        { interval: "1M", count: 1 },
      ],
      retentionDescription: "7 daily · 6 weekly · 1 monthly",
    });
    expect(prod.json.scheduleDescriptions[0]).toMatch(/each environment's time zone/);
  });

  it("only admins change a type; bad bodies get specific messages; unknown types are 404", async () => {
    expect((await putType("production", { maxBackups: 3 }, users.operator.token)).status).toBe(403);
    expect((await getType("qa")).status).toBe(404);
    const bad = await putType("production", {
      policy: [{ interval: "2d", count: 7 }],
      maxBackups: -1,
      maxManualBackups: 1.5,
      destinationIds: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields["policy.0.interval"]).toMatch(
      /smallest interval sets how often .* "2d" cannot be the smallest/,
    );
    expect(bad.json.error.fields.maxBackups).toMatch(/cannot be negative \(0 means no total limit\)/);
    expect(bad.json.error.fields.maxManualBackups).toMatch(/whole number/);
    expect(bad.json.error.fields.destinationIds).toMatch(/Destinations are not a type default/);
    const both = await putType("staging", { policy: PSH, retention: { preset: "7d" } });
    expect(both.status).toBe(400);
    expect(both.json.error.fields.policy).toMatch(/either policy or schedules and retention/);
  });

  it("an environment without overrides inherits what its type now says, and says it inherits it", async () => {
    const plain = await environment("production");
    const own = await environment("production");
    expect((await putSettings(own, { retention: { preset: "30d" } })).status).toBe(200);

    const r = await putType("production", { policy: PSH, maxBackups: 40 });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      schedules: [{ cron: "@daily-random" }],
      retention: { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
      policy: PSH,
      maxBackups: 40,
      maxManualBackups: 5,
    });

    const s = (await getSettings(plain)).json;
    expect(s.retention).toEqual({ keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
    expect(s.schedules).toEqual([{ cron: "@daily-random", timezone: "Europe/Berlin" }]);
    expect(s.maxBackups).toBe(40);
    expect(s.policy).toEqual(PSH);
    expect(s.environmentType).toBe("production");
    expect(s.inherited).toEqual(expect.arrayContaining(["retention", "schedules", "maxBackups", "maxManualBackups"]));
    expect(s.describe).toMatch(/Keeps 7 daily · 4 weekly · 12 monthly, .*at most 40 backups in total\.$/);

    const o = (await getSettings(own)).json;
    expect(o.retention).toEqual({ preset: "30d" });
    expect(o.inherited).not.toContain("retention");
    expect(o.policy).toBeNull(); // keep-within is not a Platform.sh list

    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "environment-type.update"), eq(auditLog.targetId, "production")));
    expect(audit!.details).toMatchObject({ changed: ["retention", "maxBackups"] }); // the schedule was daily already

    // The scheduler reads the type's data in its own query (no stale cache across processes).
    expect((await putType("production", { schedules: [{ cron: "@hourly-random" }] })).status).toBe(200);
    const sched = (await listScheduledEnvironments()).find((e) => e.environmentId === plain)!;
    expect(sched.schedules).toEqual([{ cron: "@hourly-random", timezone: "Europe/Berlin" }]);

    // null resets a field to the built-in default.
    const reset = await putType("production", { schedules: null, retention: null });
    expect(reset.json).toMatchObject({
      schedules: [{ cron: "@daily-random" }],
      retention: { preset: "lagoon" },
      maxBackups: 40,
    });
    expect((await getSettings(plain)).json.retention).toEqual({ preset: "lagoon" });
  });
});

describe("Platform.sh lists on backup-settings", () => {
  it("a policy list becomes the schedule + retention and comes back as the list", async () => {
    const id = await environment("development", "UTC");
    const r = await putSettings(id, {
      policy: [
        { interval: "2h", count: 12 },
        { interval: "1d", count: 7 },
      ],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.schedules).toEqual([{ cron: "0 */2 * * *", timezone: "UTC" }]);
    expect(r.json.retention).toEqual({ keepHourly: 12, keepDaily: 7 });
    expect(r.json.policy).toEqual([
      { interval: "2h", count: 12 },
      { interval: "1d", count: 7 },
    ]);
    const gaps = r.json.nextRuns.map((t: string, i: number, a: string[]) =>
      i ? Date.parse(t) - Date.parse(a[i - 1]!) : 0,
    );
    expect(gaps.slice(1)).toEqual([7_200_000, 7_200_000, 7_200_000, 7_200_000]);
    expect(r.json.inherited).not.toContain("schedules");
    // What the cli room sends: retention as intervals plus manual_count.
    const cli = await putSettings(id, { retention: { intervals: PSH }, maxManualBackups: 3 });
    expect(cli.status, cli.text).toBe(200);
    expect(cli.json.retention).toEqual({ keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
    expect(cli.json.maxManualBackups).toBe(3);
    const bad = await putSettings(id, {
      policy: [
        { interval: "1d", count: 7 },
        { interval: "3d", count: 1 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields["policy.1.interval"]).toBe('Each unit once: "d" is listed twice.');
    const both = await putSettings(id, { policy: PSH, schedules: [{ cron: "@daily", timezone: "UTC" }] });
    expect(both.status).toBe(400);
    expect(both.json.error.fields.policy).toMatch(/either policy or schedules and retention/);
    // A script's GET → PUT round trip sends the policy GET derived together with its schedules and
    // retention: that is the same thing said twice, not a conflict.
    const ok = await putSettings(id, { policy: PSH });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const got = await getSettings(id);
    expect(got.json.policy).toEqual(PSH);
    const back = await putSettings(id, { ...got.json, maxManualBackups: 4 });
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect(back.json).toMatchObject({ policy: PSH, maxManualBackups: 4 });
    const typeBack = await putType("staging", (await getType("staging")).json);
    expect(typeBack.status, JSON.stringify(typeBack.json)).toBe(200);
  });
});

describe("maxBackups and maxManualBackups in the retention decision", () => {
  it("caps the total (oldest automated first) and replaces the oldest manual ones", async () => {
    const id = await environment("staging", "UTC");
    const now = new Date("2026-06-30T12:00:00Z");
    const at = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const rows = [1, 2, 3, 4, 5].map((d) => ({
      environmentId: id,
      trigger: "scheduled" as const,
      status: "succeeded" as const,
      createdAt: at(d),
      startedAt: at(d),
    }));
    for (const d of [1.5, 2.5, 3.5])
      rows.push({
        environmentId: id,
        trigger: "manual" as never,
        status: "succeeded",
        createdAt: at(d),
        startedAt: at(d),
      });
    const inserted = await getDb()
      .insert(backups)
      .values(rows)
      .returning({ id: backups.id, startedAt: backups.startedAt, trigger: backups.trigger });
    const idAt = (d: number) => inserted.find((r) => r.startedAt!.getTime() === at(d).getTime())!.id;

    expect((await putSettings(id, { retention: { keepDaily: 30 }, maxManualBackups: 2, maxBackups: 4 })).status).toBe(
      200,
    );
    const { decision } = (await decideRetention(id, { now }))!;
    expect(decision.keep.map((d) => d.id)).toEqual([idAt(1), idAt(1.5), idAt(2), idAt(2.5)]);
    const why = new Map(decision.remove.map((d) => [d.id, d.reasons[0]]));
    expect(why.get(idAt(3.5))).toMatch(/More than 2 manual backups: the oldest manual ones are replaced/);
    for (const d of [3, 4, 5]) expect(why.get(idAt(d))).toMatch(/More than 4 backups in total .* oldest automated/);

    const preview = await call(previewRoute.POST, {
      method: "POST",
      token: users.viewer.token,
      params: { id },
      body: { retention: { keepDaily: 30 }, maxManualBackups: 5, maxBackups: 6 },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.policy).toBe("30 daily, at most 6 in total");
    expect(preview.json.remove.map((d: { id: string }) => d.id)).toEqual([idAt(4), idAt(5)]);
  });
});

describe("inactive environments", () => {
  it("refuses a backup of it and a restore into it (409 with the reason); active again, the refusal is gone", async () => {
    const id = await environment("staging");
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: id, trigger: "scheduled", status: "succeeded", startedAt: new Date() })
      .returning();
    const patch = await call(envRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id },
      body: { active: false },
    });
    expect(patch.status, patch.text).toBe(200);
    const name = patch.json.name;

    const backup = await call(envBackupsRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id },
      body: {},
    });
    expect(backup.status).toBe(409);
    expect(backup.json.error.message).toBe(`"${name}" is inactive: activate it to back it up.`);
    const restore = await call(restoreRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: b!.id },
      body: { scope: "full" },
    });
    expect(restore.status).toBe(409);
    expect(restore.json.error.message).toBe(`"${name}" is inactive: activate it to restore into it.`);
    expect((await listScheduledEnvironments()).some((e) => e.environmentId === id)).toBe(false);

    await call(envRoute.PATCH, { method: "PATCH", token: users.admin.token, params: { id }, body: { active: true } });
    const again = await call(envBackupsRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id },
      body: {},
    });
    expect(again.status).toBe(422); // now the next missing piece: no sources
    expect(again.json.error.message).toMatch(/has no sources yet/);
  });
});
