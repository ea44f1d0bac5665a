/* Source roles and the restore scopes that pick by them, end to end in one process (worker + real
 * restic + a real PostgreSQL database + real folders), on PGlite and PostgreSQL, through the REST routes:
 *  - a source's role: defaulted from the type, set on create and PATCH, refused when unknown (400);
 *  - scope "config" restores only the config-role source, byte-exact, and its safety backup holds only it;
 *    the database, the uploads and the code keep their newer content;
 *  - scope "full" restores the database, uploads and config but leaves the code-role source untouched;
 *    with includeCode it restores the code too. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as previewRoute from "@/app/api/v1/backups/[id]/restore/preview/route";
import * as sourcesRoute from "@/app/api/v1/environments/[id]/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, restores } from "@/lib/db/schema";
import { psql, treeFingerprint } from "@/lib/engine/sources/test-support";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { createPgDatabase, dropPgDatabase, ensurePostgres, PG_URL_BASE } from "@/test/support/local-services";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-restore-roles-"));
const dirs = { uploads: path.join(tmp, "uploads"), app: path.join(tmp, "app"), etc: path.join(tmp, "etc") };
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let envId: string;
let backupId: string;
let pg: { name: string; url: string };
const ids: Record<string, string> = {};
const asBackedUp: Record<string, Record<string, string>> = {};

const write = (dir: string, rel: string, data: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), data);
};
const rows = () => Number(psql(pg.url, "select count(*) from orders").trim());

async function addSource(body: Record<string, unknown>) {
  const res = await call(sourcesRoute.POST, { method: "POST", token: users.admin.token, params: { id: envId }, body });
  expect(res.status, res.text).toBe(201);
  ids[res.json.name] = res.json.id;
  return res.json;
}

async function settled<T extends { status: string }>(what: string, read: () => Promise<T | undefined>) {
  return waitFor(what, async () => {
    const r = await read();
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });
}

async function restore(body: Record<string, unknown>) {
  const res = await call(restoreRoute.POST, {
    method: "POST",
    token: users.operator.token,
    params: { id: backupId },
    body,
  });
  expect(res.status, res.text).toBe(202);
  const r = await settled(
    "restore",
    async () => (await getDb().select().from(restores).where(eq(restores.id, res.json.id)))[0],
  );
  expect(r.error).toBeNull();
  expect(r.status).toBe("succeeded");
  return r;
}

/** After the backup: every source changes (new bytes in each folder, one more order). */
function changeEverything(tag: string) {
  for (const dir of Object.values(dirs)) write(dir, "changed.txt", `changed ${tag}`);
  write(dirs.etc, "tls/server.key", crypto.randomBytes(2048));
  write(dirs.app, "index.php", `<?php echo "${tag}";`);
  psql(pg.url, "insert into orders(item) values ('after the backup')");
}

beforeAll(async () => {
  await ensurePostgres();
  users = await seedRoles();
  pg = createPgDatabase("lbt_roles");
  psql(pg.url, "create table orders (id serial primary key, item text); insert into orders(item) values ('a'), ('b');");
  write(dirs.uploads, "photo.jpg", crypto.randomBytes(100_000));
  write(dirs.app, "index.php", '<?php echo "v1";');
  write(dirs.etc, "app.env", "DATABASE_URL=postgres://x\nSECRET=1\n");
  write(dirs.etc, "tls/server.key", crypto.randomBytes(2048));
  const dest = await seedDestination(path.join(tmp, "repo"));
  const seeded = await seedEnvironment({
    slug: `roles-${crypto.randomBytes(3).toString("hex")}`,
    type: "staging",
    sources: [],
    destinationIds: [dest.id],
  });
  envId = seeded.env.id;
  const u = new URL(PG_URL_BASE);
  await addSource({
    name: "Shop DB",
    type: "postgres",
    config: { host: u.hostname, port: Number(u.port || 5432), user: u.username || "postgres", database: pg.name },
  });
  await addSource({ name: "Uploads", type: "directory", config: { path: dirs.uploads } });
  await addSource({ name: "App code", type: "directory", role: "code", config: { path: dirs.app } });
  await addSource({ name: "Settings", type: "directory", config: { path: dirs.etc } });
  for (const [k, dir] of Object.entries(dirs)) asBackedUp[k] = treeFingerprint(dir);
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
}, 120_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  if (pg) dropPgDatabase(pg.name);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("source roles", () => {
  it("default from the type, are set on create and PATCH, and an unknown role is a 400", async () => {
    const list = await call(sourcesRoute.GET, { token: users.viewer.token, params: { id: envId } });
    const roleOf = (name: string) => list.json.items.find((s: { name: string }) => s.name === name)?.role;
    expect([roleOf("Shop DB"), roleOf("Uploads"), roleOf("App code"), roleOf("Settings")]).toEqual([
      "database",
      "files",
      "code",
      "files",
    ]);
    const patched = await call(sourceRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: ids.Settings! },
      body: { role: "config" },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.role).toBe("config");
    const bad = await call(sourceRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: ids.Settings! },
      body: { role: "secrets" },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/database, files, code or config/);
    const got = await call(sourceRoute.GET, { token: users.viewer.token, params: { id: ids.Settings! } });
    expect(got.json.role).toBe("config");
  });

  it("the backup records each source's role", async () => {
    const b = await createBackup({ environmentId: envId, trigger: "manual", actor: users.operator.actor });
    backupId = b.id;
    const done = await settled(
      "backup",
      async () => (await getDb().select().from(backups).where(eq(backups.id, b.id)))[0],
    );
    expect(done.status).toBe("succeeded");
    const snaps = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b.id));
    expect(Object.fromEntries(snaps.map((s) => [s.sourceName, s.sourceRole]))).toEqual({
      "Shop DB": "database",
      Uploads: "files",
      "App code": "code",
      Settings: "config",
    });
  }, 120_000);
});

describe("restore scopes by role", () => {
  it("config restores only the config source, byte-exact, and its safety backup holds only it", async () => {
    changeEverything("one");
    const preview = await call(previewRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: backupId },
      body: { scope: "config" },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.items.map((i: { name: string }) => i.name)).toEqual(["Settings"]);
    const r = await restore({ scope: "config", safetyBackup: true });
    expect(treeFingerprint(dirs.etc)).toEqual(asBackedUp.etc);
    expect(treeFingerprint(dirs.uploads)).not.toEqual(asBackedUp.uploads);
    expect(treeFingerprint(dirs.app)).not.toEqual(asBackedUp.app);
    expect(rows()).toBe(3);
    const safety = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.safetyBackupId!));
    expect(safety.map((s) => s.sourceName)).toEqual(["Settings"]);
  }, 120_000);

  it("full leaves the code source untouched; includeCode restores it too", async () => {
    changeEverything("two");
    const codeBefore = treeFingerprint(dirs.app);
    const r = await restore({ scope: "full", safetyBackup: true });
    expect(r.includeCode).toBe(false);
    expect(treeFingerprint(dirs.etc)).toEqual(asBackedUp.etc);
    expect(treeFingerprint(dirs.uploads)).toEqual(asBackedUp.uploads);
    expect(rows()).toBe(2);
    expect(treeFingerprint(dirs.app)).toEqual(codeBefore);
    const safety = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.safetyBackupId!));
    expect(safety.map((s) => s.sourceName).sort()).toEqual(["Settings", "Shop DB", "Uploads"]);

    const withCode = await restore({ scope: "full", includeCode: true, safetyBackup: false });
    expect(withCode.includeCode).toBe(true);
    expect(treeFingerprint(dirs.app)).toEqual(asBackedUp.app);
  }, 180_000);
});
