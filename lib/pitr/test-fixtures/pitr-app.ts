/* Test support (not production code) for PITR tests that run the real supervisor: the app database as a
 * throwaway database on the local PostgreSQL (migrated in a child process), a data directory, and a source
 * cluster made by initdb (lib/engine/pitr/test-cluster.ts). `pitrAppFixture(name)` registers the vitest
 * hooks and returns the live handles; modules that read the environment must be imported after
 * beforeAll (dynamic `await import(…)` inside the test). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startTestCluster, type TestCluster } from "@/lib/engine/pitr/test-cluster";
import { migrateInChild } from "@/lib/jobs/test-fixtures/seed";
import { createPgDatabase, dropPgDatabase, ensurePostgres } from "@/test/support/local-services";

export type PitrApp = { readonly pg: TestCluster; readonly tmp: string; readonly dbUrl: string };

export function pitrAppFixture(name: string, keyByte = 7): PitrApp {
  let db: { name: string; url: string } | undefined;
  let pg: TestCluster | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lb-${name}-`));
  const env = () => ({
    ...process.env,
    DATABASE_URL: db!.url,
    LIFEBOAT_DATA_DIR: path.join(tmp, "data"),
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, keyByte).toString("base64"),
    LOG_LEVEL: "warn",
  });
  beforeAll(async () => {
    await ensurePostgres();
    db = createPgDatabase(`lbt_${name.replace(/-/g, "_")}`);
    Object.assign(process.env, env());
    (await import("@/lib/env")).resetEnvCache();
    migrateInChild(env());
    pg = await startTestCluster();
  });
  afterAll(async () => {
    const { stopBoss } = await import("@/lib/jobs/boss");
    await stopBoss().catch(() => {});
    pg?.stop();
    const { closeDb } = await import("@/lib/db");
    await closeDb();
    if (db) dropPgDatabase(db.name);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return {
    get pg() {
      return pg!;
    },
    tmp,
    get dbUrl() {
      return db!.url;
    },
  };
}
