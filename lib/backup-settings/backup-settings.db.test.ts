/* Backup settings against a real app database: type defaults and inheritance (null columns), the
 * project's default destination over the global one, validation messages per field through the REST
 * route, audit entries, role checks, and the retention preview over stored backups. */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { auditLog, backups, backupSettings, destinations, environments, projects, restores } from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import { expandRandomForm } from "@/lib/schedules";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as previewRoute from "@/app/api/v1/environments/[id]/backup-settings/preview/route";
import { listScheduledEnvironments } from "@/lib/backup-settings/scheduled-environments"; // the one scheduler input
import { getBackupSettings, previewRetention, putBackupSettings } from "./index";

let users: Record<Role, TestUser>;
let globalDest = "";
let projectDest = "";

async function destination(name: string, isDefault = false) {
  const [d] = await getDb()
    .insert(destinations)
    .values({
      name,
      type: "local",
      config: { path: `/tmp/${name}` },
      repoPasswordEnc: sealSecret(randomBytes(16).toString("hex")),
      isDefault,
    })
    .returning();
  return d!.id;
}

async function environment(
  type: "production" | "staging" | "development",
  opts: { projectDefault?: string; timezone?: string } = {},
) {
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await getDb()
    .insert(projects)
    .values({ name: slug, slug, defaultDestinationId: opts.projectDefault ?? null })
    .returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: `${type} env`, slug: type, type, timezone: opts.timezone ?? "Europe/Berlin" })
    .returning();
  return e!.id;
}

beforeAll(async () => {
  users = await seedRoles();
  globalDest = await destination("global-default", true);
  projectDest = await destination("project-default");
});

describe("defaults and inheritance", () => {
  it("production inherits daily (spread per environment) with the Lagoon retention", async () => {
    const id = await environment("production");
    const s = await getBackupSettings(id, new Date("2026-06-01T00:00:00Z"));
    expect(s.inherited.sort()).toEqual([
      "destinationIds",
      "live",
      "maxBackups",
      "maxManualBackups",
      "retention",
      "schedules",
    ]);
    expect(s.schedules).toEqual([{ cron: "@daily-random", timezone: "Europe/Berlin" }]);
    expect(s.retention).toEqual({ preset: "lagoon" });
    expect(s.destinationIds).toEqual([globalDest]);
    expect(s.concreteSchedules[0]).toBe(expandRandomForm("@daily-random", id));
    expect(s.nextRuns).toHaveLength(5);
    const times = s.nextRuns.map((t) => Date.parse(t));
    expect(times.every((t, i) => i === 0 || t - times[i - 1]! === 86_400_000)).toBe(true);
    expect(s.describe).toMatch(
      /^Every day at a fixed time picked for this environment: at \d\d:\d\d \(Europe\/Berlin\)\. Keeps 7 daily · 6 weekly · 1 monthly, and up to 5 manual backups\.$/,
    );
  });
  it("staging and development inherit a nightly random time and keep 2", async () => {
    for (const type of ["staging", "development"] as const) {
      const s = await getBackupSettings(await environment(type));
      expect(s.schedules[0]!.cron).toBe("@nightly-random");
      expect(s.retention).toEqual({ preset: "2d" });
      const hour = Number(s.concreteSchedules[0]!.split(" ")[1]);
      expect(hour >= 22 || hour < 6).toBe(true);
    }
  });
  it("a project's default destination overrides the global default", async () => {
    const s = await getBackupSettings(await environment("staging", { projectDefault: projectDest }));
    expect(s.destinationIds).toEqual([projectDest]);
    expect(s.inherited).toContain("destinationIds");
  });
  it("an override stores only that field; a value equal to the default stays inherited; null inherits again", async () => {
    const id = await environment("production");
    const view = await putBackupSettings(
      id,
      {
        schedules: [{ cron: "0 2 * * *", timezone: "Europe/Berlin" }],
        retention: { preset: "lagoon" },
        maxManualBackups: 5,
        destinationIds: [globalDest],
        live: true,
      },
      users.admin.actor,
    );
    expect(view.inherited.sort()).toEqual(["destinationIds", "live", "maxBackups", "maxManualBackups", "retention"]);
    expect(view.nextRuns[0]).toMatch(/T(00|01):00:00\.000Z$/); // 02:00 Berlin
    const [row] = await getDb().select().from(backupSettings).where(eq(backupSettings.environmentId, id));
    expect(row).toMatchObject({
      schedules: [{ cron: "0 2 * * *", timezone: "Europe/Berlin" }],
      retention: null,
      maxManualBackups: null,
      destinationIds: null,
      live: null,
    });

    const custom = await putBackupSettings(
      id,
      { retention: { keepDaily: 3, keepWithin: "1w3d" }, destinationIds: [projectDest], live: false },
      users.admin.actor,
    );
    expect(custom.retention).toEqual({ keepDaily: 3, keepWithin: "10d" });
    expect(custom.destinationIds).toEqual([projectDest]);
    expect(custom.live).toBe(false);
    expect(custom.inherited.sort()).toEqual(["maxBackups", "maxManualBackups", "schedules"]);

    const back = await putBackupSettings(id, { retention: null, destinationIds: null, live: null }, users.admin.actor);
    expect(back.inherited.length).toBe(6);

    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "backup-settings.update"), eq(auditLog.targetId, id)));
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.actorEmail === users.admin.email && a.outcome === "success")).toBe(true);
    expect(audits.map((a) => (a.details as { changed: string[] }).changed.sort())).toContainEqual([
      "destinationIds",
      "live",
      "retention",
    ]);
  });
  it("keeps hooks when a save leaves them out, removes them with null", async () => {
    const id = await environment("production");
    const hooks = {
      pre: { command: "drush sset system.maintenance_mode 1", timeoutSeconds: 60 },
      post: { command: "drush sset system.maintenance_mode 0" },
    };
    expect((await putBackupSettings(id, { live: false, hooks }, users.admin.actor)).hooks).toEqual(hooks);
    expect((await putBackupSettings(id, { live: false, maxManualBackups: 3 }, users.admin.actor)).hooks).toEqual(hooks);
    expect((await putBackupSettings(id, { hooks: null }, users.admin.actor)).hooks).toBeNull();
  });
  it("Platform.sh-style intervals are stored as the bucket model", async () => {
    const id = await environment("staging");
    const v = await putBackupSettings(
      id,
      {
        retention: {
          intervals: [
            { interval: "1d", count: 7 },
            { interval: "1w", count: 4 },
          ],
        },
      } as never,
      users.admin.actor,
    );
    expect(v.retention).toEqual({ keepDaily: 7, keepWeekly: 4 });
  });
  it("the scheduler input lists active environments with effective schedules", async () => {
    const id = await environment("development");
    const paused = await environment("production");
    await getDb().update(environments).set({ active: false }).where(eq(environments.id, paused));
    const list = await listScheduledEnvironments();
    expect(list.find((e) => e.environmentId === id)?.schedules).toEqual([
      { cron: "@nightly-random", timezone: "Europe/Berlin" },
    ]);
    // What firing needs comes along, so the scheduler does not read the settings a second time.
    expect(list.find((e) => e.environmentId === id)).toMatchObject({ live: true, destinationIds: [globalDest] });
    expect(list.find((e) => e.environmentId === paused)).toBeUndefined();
    // A schedule stored before today's validation is left out; the valid one next to it still runs.
    const old = await environment("staging");
    await getDb()
      .insert(backupSettings)
      .values({
        environmentId: old,
        schedules: [
          { cron: "61 * * * *", timezone: "Europe/Berlin" },
          { cron: "0 3 * * *", timezone: "UTC" },
        ],
      });
    expect((await listScheduledEnvironments()).find((e) => e.environmentId === old)?.schedules).toEqual([
      { cron: "0 3 * * *", timezone: "UTC" },
    ]);
  });
});

describe("REST: validation and roles", () => {
  let envId = "";
  beforeAll(async () => {
    envId = await environment("production");
  });
  const put = (token: string, body: unknown) =>
    call(settingsRoute.PUT, { method: "PUT", token, params: { id: envId }, body });

  it("names each invalid field", async () => {
    const r = await put(users.admin.token, {
      schedules: [
        { cron: "61 * * * *", timezone: "Europe/Berlin" },
        { cron: "* * * *", timezone: "Mars/Base" },
      ],
      retention: { keepDaily: 2, keepWithin: "3 days" },
      maxManualBackups: -1,
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("validation_failed");
    expect(r.json.error.fields["schedules.0.cron"]).toMatch(/^Not a valid cron expression: 61 \* \* \* \*/);
    expect(r.json.error.fields["schedules.1.cron"]).toMatch(/^Not a valid cron expression: \* \* \* \* has 4 fields/);
    expect(r.json.error.fields["schedules.1.timezone"]).toMatch(/Unknown time zone "Mars\/Base"/);
    expect(r.json.error.fields["retention.keepWithin"]).toMatch(/^Not a valid duration/);
    expect(r.json.error.fields.maxManualBackups).toMatch(/cannot be negative/);
  });
  it("refuses destinations that do not exist", async () => {
    const r = await put(users.admin.token, { destinationIds: ["00000000-0000-4000-8000-000000000000"] });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.destinationIds).toMatch(/does not exist/);
  });
  it("lets viewers read and preview, only admins save", async () => {
    expect((await call(settingsRoute.GET, { token: users.viewer.token, params: { id: envId } })).status).toBe(200);
    expect((await call(settingsRoute.GET, { params: { id: envId } })).status).toBe(401);
    for (const role of ["viewer", "operator"] as const) {
      const r = await put(users[role].token, { schedules: [{ cron: "@hourly", timezone: "UTC" }] });
      expect(r.status, role).toBe(403);
    }
    const ok = await put(users.admin.token, { schedules: [{ cron: "@hourly", timezone: "UTC" }] });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ schedules: [{ cron: "@hourly", timezone: "UTC" }], nextRuns: expect.any(Array) });
    const preview = await call(previewRoute.POST, {
      method: "POST",
      token: users.viewer.token,
      params: { id: envId },
      body: { retention: { preset: "7d" } },
    });
    expect(preview.status).toBe(200);
    expect(
      (
        await call(settingsRoute.GET, {
          token: users.viewer.token,
          params: { id: "00000000-0000-4000-8000-000000000000" },
        })
      ).status,
    ).toBe(404);
    expect((await call(settingsRoute.GET, { token: users.viewer.token, params: { id: "not-a-uuid" } })).status).toBe(
      404,
    );
    expect(
      (
        await call(previewRoute.POST, {
          method: "POST",
          token: users.viewer.token,
          params: { id: "not-a-uuid" },
          body: {},
        })
      ).status,
    ).toBe(404);
  });
});

describe("retention preview", () => {
  it("says which of the stored backups a policy would remove and why", async () => {
    const id = await environment("production", { timezone: "UTC" });
    const now = new Date("2026-06-30T12:00:00Z");
    const rows = Array.from({ length: 19 }, (_, i) => ({
      environmentId: id,
      trigger: "scheduled" as const,
      status: "succeeded" as const,
      createdAt: new Date(now.getTime() - (i + 1) * 86_400_000),
      startedAt: new Date(now.getTime() - (i + 1) * 86_400_000),
    }));
    rows.push({
      environmentId: id,
      trigger: "manual" as never,
      status: "succeeded",
      createdAt: new Date(now.getTime() - 40 * 86_400_000),
      startedAt: new Date(now.getTime() - 40 * 86_400_000),
    });
    await getDb().insert(backups).values(rows);
    const p = await previewRetention(id, { retention: { preset: "7d" } }, now);
    expect(p.total).toBe(20);
    expect(p.remove).toHaveLength(12);
    expect(p.summary).toBe("With this policy (everything within 7d) 12 of your 20 backups would be removed.");
    expect(
      p.remove.every((r) => r.trigger === "scheduled" && r.reasons[0]!.startsWith("Not needed by the policy")),
    ).toBe(true);
    expect(p.keep.find((k) => k.trigger === "manual")!.reasons[0]).toMatch(/Manual backup/);
    // With the stored (inherited Lagoon) policy: 7 daily + weekly ones reach back further.
    const stored = await previewRetention(id, {}, now);
    expect(stored.policy).toBe("7 daily · 6 weekly · 1 monthly");
    expect(stored.remove.length).toBeLessThan(12);
    // Nothing changed.
    expect(
      (await getDb().select().from(backups).where(eq(backups.environmentId, id))).every((b) => b.deletedAt === null),
    ).toBe(true);
    // The same decision the retention job acts on: a backup a queued restore reads is kept, and said so.
    const read = p.remove[0]!;
    await getDb()
      .insert(restores)
      .values({ backupId: read.id, targetEnvironmentId: id, scope: "full", status: "queued" });
    const withRestore = await previewRetention(id, { retention: { preset: "7d" } }, now);
    expect(withRestore.remove).toHaveLength(11);
    expect(withRestore.keep.find((k) => k.id === read.id)!.reasons.at(-1)).toMatch(
      /restore that is queued or running reads this backup/,
    );
    expect(withRestore.summary).toMatch(/1 backup\(s\) kept while a restore reads them/);
  });
});
