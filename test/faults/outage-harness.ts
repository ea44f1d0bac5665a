/* The outage tests' setting: a private PostgreSQL database for Lifeboat (migrated in a child), the worker
 * running inside the test process (the same background services a worker starts; no retries, so the
 * first failure is the outcome) with a short stall time so a dead destination is given up in seconds,
 * and small waits on a backup row and on the open alerts (the real evaluator, run once). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrateInChild, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { createPgDatabase, dropPgDatabase, ensurePostgres } from "@/test/support/local-services";
import { OPERATOR } from "./kill-harness";
import { psqlRows, UNSETTLED_SQL } from "./support";

export type Outage = { db: { name: string; url: string }; tmp: string; stop(): Promise<void> };

export async function startOutageSetting(prefix: string): Promise<Outage> {
  await ensurePostgres();
  const db = createPgDatabase(prefix);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const env = {
    DATABASE_URL: db.url,
    LIFEBOAT_DATA_DIR: path.join(tmp, "data"),
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, 13).toString("base64"),
    LIFEBOAT_JOB_RETRY_LIMIT: "0",
    LIFEBOAT_JOB_LEASE_SECONDS: "5",
    LIFEBOAT_SCHEDULER: "off",
    LIFEBOAT_ALERTS: "off",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);
  (await import("@/lib/env")).resetEnvCache();
  migrateInChild({ ...process.env, ...env });
  const { configureEngine } = await import("@/lib/engine");
  configureEngine({ stall: { timeoutMs: 5_000, killGraceMs: 2_000 } });
  const { startBackgroundServices } = await import("@/lib/job-kinds");
  const services = await startBackgroundServices({
    worker: true,
    scheduler: false,
    alerts: false,
    testRestores: false,
    checks: false,
  });
  return {
    db,
    tmp,
    async stop() {
      await services.stop();
      const { closeDb } = await import("@/lib/db");
      await closeDb();
      dropPgDatabase(db.name);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function backupNow(environmentId: string) {
  const { createBackup } = await import("@/lib/backups/create-backup");
  return createBackup({ environmentId, trigger: "manual", actor: OPERATOR });
}

export async function backupRow(id: string) {
  const { getDb } = await import("@/lib/db");
  const { backups } = await import("@/lib/db/schema");
  const [b] = await getDb().select().from(backups).where(eq(backups.id, id));
  return b;
}

export const backupSettled = (id: string, ms = 180_000) =>
  waitFor(
    `backup ${id} to finish`,
    async () => {
      const b = await backupRow(id);
      return b && !["queued", "running"].includes(b.status) ? b : undefined;
    },
    ms,
  );

/** Runs the alert evaluator once (its default rules) and returns the open alerts of the environment. */
export async function openAlertsOf(environmentId: string) {
  const { evaluateAlerts } = await import("@/lib/alerts");
  await evaluateAlerts();
  const { getDb } = await import("@/lib/db");
  const { alerts } = await import("@/lib/db/schema");
  const { and, isNull } = await import("drizzle-orm");
  return getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.environmentId, environmentId), isNull(alerts.resolvedAt)));
}

/** Rows left queued/running once every job ended (bounded wait). */
export async function stuckRows(url: string): Promise<string[]> {
  return waitFor(
    "every row to settle",
    async () => (psqlRows(url, UNSETTLED_SQL).length === 0 ? ([] as string[]) : undefined),
    60_000,
  ).catch(() => psqlRows(url, UNSETTLED_SQL));
}
