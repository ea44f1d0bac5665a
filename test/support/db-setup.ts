/* Per-test-file app database for *.db.test.ts: a fresh PGlite directory, or a throwaway PostgreSQL
 * database, migrated before the file's tests and removed after. Chosen by LIFEBOAT_TEST_DB. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeDb, ensureMigrated } from "@/lib/db";
import { createPgDatabase, dropPgDatabase } from "./local-services";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-test-"));
let pgName: string | undefined;

process.env.LIFEBOAT_DATA_DIR = dataDir;
process.env.LIFEBOAT_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.LOG_LEVEL = "silent";
if (process.env.LIFEBOAT_TEST_DB === "postgres") {
  const created = createPgDatabase("lbt_app");
  pgName = created.name;
  process.env.DATABASE_URL = created.url;
} else {
  delete process.env.DATABASE_URL;
}
resetEnvCache();

beforeAll(async () => {
  await ensureMigrated();
});

afterAll(async () => {
  await closeDb();
  if (pgName) dropPgDatabase(pgName);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
