/* The backups read side against a real app database: keyset pages over 10,000 backups (every row once,
 * newest first, including rows that share a created_at, fast on the last page as on the first), the
 * Backup shape with its sources, hidden deleted rows, restores, and role checks of the REST routes. */
import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations, environments, projects, restores } from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import * as envBackupsRoute from "@/app/api/v1/environments/[id]/backups/route";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as restoresRoute from "@/app/api/v1/restores/[id]/route";
import { getBackup, getRestore, listBackups } from "./index";

let users: Record<Role, TestUser>;
let envId = "";
let destId = "";
const N = 10_000;

beforeAll(async () => {
  users = await seedRoles();
  const db = getDb();
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  envId = e!.id;
  const [d] = await db
    .insert(destinations)
    .values({ name: "Local disk", type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: sealSecret("pw") })
    .returning();
  destId = d!.id;
  // 10,000 backups in one statement; every 10th shares its created_at with the next (ties on the key).
  await db.execute(sql`
    insert into backups (id, environment_id, status, trigger, live, created_at, started_at, finished_at, total_bytes, added_bytes)
    select gen_random_uuid(), ${envId}::uuid, 'succeeded', case when g % 7 = 0 then 'manual' else 'scheduled' end, true,
           timestamptz '2026-01-01 00:00:00+00' + ((g - (g % 10 = 1)::int) * interval '1 minute') + interval '123456 microseconds',
           timestamptz '2026-01-01 00:00:00+00' + (g * interval '1 minute'),
           timestamptz '2026-01-01 00:00:30+00' + (g * interval '1 minute'),
           g * 1000, g
    from generate_series(1, ${N}) as g`);
});

describe("listBackups", () => {
  it(`pages through ${N.toLocaleString("en")} backups, each exactly once, newest first, quickly`, async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let prev: { createdAt: string; id: string } | null = null;
    let pages = 0;
    const times: number[] = [];
    do {
      const t0 = performance.now();
      const page: Awaited<ReturnType<typeof listBackups>> = await listBackups(envId, { limit: 200, cursor });
      times.push(performance.now() - t0);
      for (const b of page.items) {
        expect(seen.has(b.id)).toBe(false);
        seen.add(b.id);
        if (prev) expect(b.createdAt < prev.createdAt || (b.createdAt === prev.createdAt && b.id < prev.id)).toBe(true);
        prev = { createdAt: b.createdAt, id: b.id };
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(N);
    expect(pages).toBe(N / 200);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const lastTen = times.slice(-10).reduce((a, b) => a + b, 0) / 10;
    const firstTen = times.slice(1, 11).reduce((a, b) => a + b, 0) / 10;
    console.log(
      `listBackups: ${pages} pages of 200, median ${median.toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms, pages 2-11 avg ${firstTen.toFixed(1)} ms, last 10 avg ${lastTen.toFixed(1)} ms`,
    );
    // Keyset paging: the last pages cost about what the first ones do (an OFFSET scan would grow 50x).
    expect(median).toBeLessThan(500);
    expect(lastTen).toBeLessThan(firstTen * 3 + 50);
  });
  it("uses the (environment, created_at, id) index", async () => {
    if (process.env.LIFEBOAT_TEST_DB !== "postgres") return; // EXPLAIN output differs on PGlite
    await getDb().execute(sql`analyze backups`);
    const plan = await getDb().execute<{
      "QUERY PLAN": string;
    }>(sql`explain select * from backups where environment_id = ${envId}::uuid and deleted_at is null
      and (created_at, id) < (timestamptz '2026-01-03 00:00:00+00', '00000000-0000-4000-8000-000000000000'::uuid) order by created_at desc, id desc limit 51`);
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/backups_env_created_idx/);
  });
  it("rejects a forged cursor with a 400 and an unknown environment with a 404", async () => {
    await expect(listBackups(envId, { cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(listBackups(randomUUID())).rejects.toMatchObject({ code: "not_found" });
    await expect(listBackups("not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    const r = await call(envBackupsRoute.GET, {
      token: users.viewer.token,
      params: { id: envId },
      path: "/api/v1/x?limit=5000",
    });
    expect(r.status).toBe(400);
  });
});

describe("getBackup and getRestore", () => {
  let backupId = "";
  beforeAll(async () => {
    const db = getDb();
    const [b] = await db
      .insert(backups)
      .values({
        environmentId: envId,
        status: "partial",
        trigger: "manual",
        live: false,
        createdAt: new Date("2030-01-01T00:00:00Z"),
        startedAt: new Date("2030-01-01T00:00:01Z"),
        finishedAt: new Date("2030-01-01T00:01:01Z"),
        totalBytes: 300,
        addedBytes: 30,
        error: { code: "partial", message: "1 of 2 sources failed" },
      })
      .returning();
    backupId = b!.id;
    const srcA = randomUUID();
    await db.insert(backupSnapshots).values([
      {
        backupId,
        sourceId: srcA,
        destinationId: destId,
        sourceName: "main db",
        sourceType: "postgres",
        status: "succeeded",
        snapshotId: "a".repeat(64),
        totalBytes: 300,
        addedBytes: 30,
      },
      {
        backupId,
        sourceId: randomUUID(),
        destinationId: destId,
        sourceName: "uploads",
        sourceType: "directory",
        status: "failed",
        error: { code: "source_failed", message: "there is no directory at /srv/uploads." },
      },
    ]);
  });
  it("returns the API.md Backup shape", async () => {
    const b = await getBackup(backupId);
    expect(b).toMatchObject({
      id: backupId,
      environmentId: envId,
      status: "partial",
      trigger: "manual",
      live: false,
      createdAt: "2030-01-01T00:00:00.000Z",
      startedAt: "2030-01-01T00:00:01.000Z",
      finishedAt: "2030-01-01T00:01:01.000Z",
      durationMs: 60_000,
      totalBytes: 300,
      addedBytes: 30,
      error: { code: "partial", message: "1 of 2 sources failed" },
    });
    expect(b.sources).toHaveLength(2);
    expect(b.sources[0]).toMatchObject({
      name: "main db",
      type: "postgres",
      status: "succeeded",
      snapshotId: "a".repeat(64),
      destinationId: destId,
      destinationName: "Local disk",
    });
    expect(b.sources[1]).toMatchObject({
      name: "uploads",
      status: "failed",
      error: { message: "there is no directory at /srv/uploads." },
    });
    expect(b.progress).toBeUndefined();
    const first = await listBackups(envId, { limit: 1 });
    expect(first.items[0]!.id).toBe(backupId);
  });
  it("finds every id PostgreSQL stores, not only RFC-variant uuids (one isUuid check)", async () => {
    const db = getDb();
    const [p] = await db
      .select({ id: environments.projectId })
      .from(environments)
      .where(sql`${environments.id} = ${envId}::uuid`);
    const odd = "12345678-1234-1234-1234-123456789abc"; // version 1, variant 0: zod's uuid() refuses it
    await db
      .insert(environments)
      .values({ id: odd, projectId: p!.id, name: "Odd id", slug: "odd-id", type: "development" });
    const [b] = await db
      .insert(backups)
      .values({ environmentId: odd, status: "succeeded", trigger: "manual", live: true })
      .returning();
    const page = await listBackups(odd, { limit: 5 });
    expect(page.items.map((x) => x.id)).toEqual([b!.id]);
    await expect(listBackups("not-an-id")).rejects.toMatchObject({ code: "not_found" });
  });
  it("hides deleted backups", async () => {
    const [gone] = await getDb()
      .insert(backups)
      .values({
        environmentId: envId,
        status: "succeeded",
        trigger: "scheduled",
        createdAt: new Date("2031-01-01T00:00:00Z"),
        deletedAt: new Date(),
      })
      .returning();
    await expect(getBackup(gone!.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await listBackups(envId, { limit: 1 })).items[0]!.id).toBe(backupId);
    expect((await call(backupRoute.GET, { token: users.viewer.token, params: { id: gone!.id } })).status).toBe(404);
    expect((await call(backupRoute.GET, { token: users.viewer.token, params: { id: "not-a-uuid" } })).status).toBe(404);
  });
  it("reads a restore with its target's names and slugs (what the panel labels and links it by)", async () => {
    const [r] = await getDb()
      .insert(restores)
      .values({
        backupId,
        targetEnvironmentId: envId,
        scope: "full",
        status: "running",
        progress: { percent: 40, bytesDone: 4, bytesTotal: 10, filesDone: 1, etaSeconds: 3 },
      })
      .returning();
    expect(await getRestore(r!.id)).toMatchObject({
      id: r!.id,
      status: "running",
      backupId,
      targetEnvironmentId: envId,
      safetyBackupId: null,
      progress: { percent: 40 },
    });
    const api = await call(restoresRoute.GET, { token: users.viewer.token, params: { id: r!.id } });
    expect(api.status).toBe(200);
    expect(api.json.scope).toBe("full");
    const [p] = await getDb()
      .select()
      .from(projects)
      .innerJoin(environments, eq(environments.projectId, projects.id))
      .where(eq(environments.id, envId));
    expect(api.json.target).toEqual({
      environmentName: "Production",
      environmentSlug: "production",
      projectId: p!.projects.id,
      projectName: p!.projects.name,
      projectSlug: p!.projects.slug,
    });
    expect((await call(restoresRoute.GET, { token: users.viewer.token, params: { id: randomUUID() } })).status).toBe(
      404,
    );
  });
  it("enforces roles: viewers read, operators start, admins delete", async () => {
    expect(
      (await call(envBackupsRoute.GET, { token: users.viewer.token, params: { id: envId }, path: "/api/v1/x?limit=2" }))
        .json.items,
    ).toHaveLength(2);
    expect((await call(envBackupsRoute.GET, { params: { id: envId } })).status).toBe(401);
    expect(
      (await call(envBackupsRoute.POST, { method: "POST", token: users.viewer.token, params: { id: envId }, body: {} }))
        .status,
    ).toBe(403);
    // An operator may start one: this environment has no sources, so the service says what to do (422).
    const op = await call(envBackupsRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: envId },
      body: { live: true },
    });
    expect(op.status).toBe(422);
    expect(op.json.error.message).toMatch(/no sources/);
    expect(
      (
        await call(restoreRoute.POST, {
          method: "POST",
          token: users.viewer.token,
          params: { id: backupId },
          body: { scope: "full" },
        })
      ).status,
    ).toBe(403);
    const badScope = await call(restoreRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: backupId },
      body: { scope: "everything" },
    });
    expect(badScope.status).toBe(400);
    expect(badScope.json.error.fields.scope).toBeDefined();
    for (const role of ["viewer", "operator"] as const) {
      expect(
        (await call(backupRoute.DELETE, { method: "DELETE", token: users[role].token, params: { id: backupId } }))
          .status,
        role,
      ).toBe(403);
    }
    expect((await getBackup(backupId)).id).toBe(backupId);
  });
});
