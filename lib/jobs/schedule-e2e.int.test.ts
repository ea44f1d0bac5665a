/* End to end through the REST API (route handlers called as Next.js calls them, bearer tokens): an
 * environment with a PostgreSQL source and a directory source, a `* * * * *` schedule and keep-last-1
 * retention; a real worker process (scripts/worker.ts, scheduler on) takes two scheduled backups,
 * retention forgets and prunes the older one, then the data is damaged and restored (with a safety
 * backup) from the kept backup, and the database and files are byte-exact again. Takes ~2-3 minutes:
 * it waits for two real minute boundaries. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { PG_URL_BASE } from "@/test/support/local-services";
import { pgDatabaseFixture, workerProcessAppFixture } from "@/test/fixtures/worker-process-app";
import { startProcess, waitFor } from "./test-fixtures/seed";

const app = workerProcessAppFixture("lbt_e2e", { keyByte: 3, tmpPrefix: "lb-e2e", env: { LIFEBOAT_SCHEDULER: "on" } });
const shop = pgDatabaseFixture("lbt_shop");
const { tmp, children, env } = app;

const psql = (url: string, q: string) =>
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", q], { encoding: "utf8" });
const pgFingerprint = (url: string) =>
  psql(url, "select md5(string_agg(t::text, '|' order by id)) from items t") + psql(url, "select count(*) from items");
function treeHash(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return out;
}

it("scheduled backups, retention to policy, restore byte-exact", async () => {
  const { seedUser, call } = await import("@/lib/auth/test-fixtures");
  const admin = await seedUser("admin");
  const operator = await seedUser("operator");
  const r = {
    destinations: await import("@/app/api/v1/destinations/route"),
    projects: await import("@/app/api/v1/projects/route"),
    environments: await import("@/app/api/v1/projects/[id]/environments/route"),
    environment: await import("@/app/api/v1/environments/[id]/route"),
    sources: await import("@/app/api/v1/environments/[id]/sources/route"),
    settings: await import("@/app/api/v1/environments/[id]/backup-settings/route"),
    backups: await import("@/app/api/v1/environments/[id]/backups/route"),
    restore: await import("@/app/api/v1/backups/[id]/restore/route"),
    restoreGet: await import("@/app/api/v1/restores/[id]/route"),
    job: await import("@/app/api/v1/jobs/[id]/route"),
  };
  const ok = <T extends { status: number; text: string }>(res: T, status: number): T => {
    expect(res.status, res.text).toBe(status);
    return res;
  };

  // The app's data: a table in PostgreSQL and a folder of files.
  psql(
    shop.db.url,
    "create table items (id int primary key, name text, blob bytea); insert into items select i, 'item ' || i, decode(md5(i::text), 'hex') from generate_series(1, 2000) i",
  );
  const files = path.join(tmp, "uploads");
  fs.mkdirSync(path.join(files, "img"), { recursive: true });
  fs.writeFileSync(path.join(files, "readme.txt"), "hello\n");
  fs.writeFileSync(path.join(files, "img", "logo.bin"), crypto.randomBytes(200_000));
  const dbBefore = pgFingerprint(shop.db.url);
  const filesBefore = treeHash(files);

  const repoPath = path.join(tmp, "repo");
  const dest = ok(
    await call(r.destinations.POST, {
      method: "POST",
      token: admin.token,
      body: { name: "local", type: "local", config: { path: repoPath } },
    }),
    201,
  ).json;
  const project = ok(
    await call(r.projects.POST, { method: "POST", token: admin.token, body: { name: "Shop" } }),
    201,
  ).json;
  const envRow = ok(
    await call(r.environments.POST, {
      method: "POST",
      token: admin.token,
      params: { id: project.id },
      body: { name: "Staging", type: "staging" },
    }),
    201,
  ).json;
  const u = new URL(PG_URL_BASE);
  ok(
    await call(r.sources.POST, {
      method: "POST",
      token: admin.token,
      params: { id: envRow.id },
      body: {
        name: "db",
        type: "postgres",
        config: { host: u.hostname, port: Number(u.port || 5432), database: shop.db.name, user: "postgres" },
        secrets: { password: "unused" },
      },
    }),
    201,
  );
  ok(
    await call(r.sources.POST, {
      method: "POST",
      token: admin.token,
      params: { id: envRow.id },
      body: { name: "uploads", type: "directory", config: { path: files } },
    }),
    201,
  );
  ok(
    await call(r.settings.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: envRow.id },
      body: {
        schedules: [{ cron: "* * * * *", timezone: "UTC" }],
        retention: { keepLast: 1 },
        destinationIds: [dest.id],
        live: true,
      },
    }),
    200,
  );

  startProcess("scripts/worker.ts", env(), children);
  const list = async () =>
    ok(await call(r.backups.GET, { token: operator.token, params: { id: envRow.id } }), 200).json.items as any[];
  const { getDb } = await import("@/lib/db");
  const { backups } = await import("@/lib/db/schema");
  const { and, eq } = await import("drizzle-orm");
  const db = getDb();
  // Two scheduled backups succeed, one a minute after the other (bounded: three minutes).
  await waitFor(
    "two scheduled backups",
    async () =>
      (
        await db
          .select()
          .from(backups)
          .where(
            and(
              eq(backups.environmentId, envRow.id),
              eq(backups.trigger, "scheduled"),
              eq(backups.status, "succeeded"),
            ),
          )
      ).length >= 2,
    200_000,
  );
  // Stop the every-minute schedule so nothing moves while we check retention and restore (a once-a-year
  // slot; deactivating the environment would also refuse the restore into it).
  ok(
    await call(r.settings.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: envRow.id },
      body: {
        schedules: [{ cron: "0 0 1 1 *", timezone: "UTC" }],
        retention: { keepLast: 1 },
        destinationIds: [dest.id],
        live: true,
      },
    }),
    200,
  );
  // Retention (keep last 1) removes all but the newest scheduled backup, in the database and the repository.
  const kept = await waitFor(
    "retention to prune to one backup",
    async () => {
      const rows = await db
        .select()
        .from(backups)
        .where(and(eq(backups.environmentId, envRow.id), eq(backups.trigger, "scheduled")));
      const good = rows.filter((b) => b.status === "succeeded");
      const alive = good.filter((b) => !b.deletedAt);
      const busy = rows.some((b) => b.status === "queued" || b.status === "running");
      const { jobs } = await import("@/lib/db/schema");
      const pending = (await db.select().from(jobs)).some((j) => j.status === "queued" || j.status === "running");
      return !busy && !pending && good.length >= 2 && alive.length === 1
        ? { kept: alive[0]!, removed: good.filter((b) => b.deletedAt) }
        : undefined;
    },
    120_000,
  );
  const { openSecret } = await import("@/lib/secrets");
  const { destinations } = await import("@/lib/db/schema");
  const [destRow] = await db.select().from(destinations).where(eq(destinations.id, dest.id));
  const snaps = JSON.parse(
    execFileSync("restic", ["-r", repoPath, "snapshots", "--json", "--no-cache"], {
      env: {
        PATH: process.env.PATH!,
        RESTIC_PASSWORD: openSecret(destRow!.repoPasswordEnc),
      } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    }),
  ) as { tags: string[] }[];
  const backupTags = new Set(snaps.flatMap((s) => s.tags.filter((t) => t.startsWith("backup:"))));
  expect(backupTags.has(`backup:${kept.kept.id}`)).toBe(true);
  for (const b of kept.removed) expect(backupTags.has(`backup:${b.id}`)).toBe(false);
  expect((await list()).some((b) => b.id === kept.kept.id)).toBe(true);

  // Damage the data, then restore the kept backup (with a safety backup first).
  psql(
    shop.db.url,
    "delete from items where id % 3 = 0; update items set name = 'changed' where id < 50; insert into items values (99999, 'new', null)",
  );
  fs.writeFileSync(path.join(files, "readme.txt"), "overwritten\n");
  fs.rmSync(path.join(files, "img", "logo.bin"));
  expect(pgFingerprint(shop.db.url)).not.toBe(dbBefore);

  const started = ok(
    await call(r.restore.POST, {
      method: "POST",
      token: operator.token,
      params: { id: kept.kept.id },
      body: { scope: "full", safetyBackup: true },
    }),
    202,
  ).json;
  const job = await waitFor(
    "the restore job",
    async () => {
      const j = ok(await call(r.job.GET, { token: operator.token, params: { id: started.jobId } }), 200).json;
      return ["succeeded", "partial", "failed", "cancelled"].includes(j.status) ? j : undefined;
    },
    180_000,
  );
  expect(job.error, JSON.stringify(job.log)).toBeNull();
  expect(job.status).toBe("succeeded");
  const restore = ok(await call(r.restoreGet.GET, { token: operator.token, params: { id: started.id } }), 200).json;
  expect(restore.status).toBe("succeeded");
  expect(restore.safetyBackupId).toBeTruthy();
  const [safety] = await db.select().from(backups).where(eq(backups.id, restore.safetyBackupId));
  expect(safety!.trigger).toBe("safety");
  expect(safety!.status).toBe("succeeded");

  expect(pgFingerprint(shop.db.url)).toBe(dbBefore);
  expect(treeHash(files)).toEqual(filesBefore);
});
