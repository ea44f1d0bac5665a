/* Applies the generated SQL migrations in drizzle/ to whichever database the client opened. Safe to
 * call from several processes at once on PostgreSQL (drizzle's migrator takes no lock, so we take an
 * advisory lock around it). Idempotent; called at start-up and by test setup. */
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { reopenFreshPglite } from "./client";

const MIGRATION_LOCK = 72_616_001;

export function migrationsFolder(): string {
  return path.join(process.cwd(), "drizzle");
}

let done: Promise<void> | undefined;

export function ensureMigrated(): Promise<void> {
  done ??= runMigrations().catch((e) => {
    done = undefined;
    throw e;
  });
  return done;
}

async function runMigrations(): Promise<void> {
  const h = await reopenFreshPglite();
  const migrationsFolderPath = migrationsFolder();
  if (h.kind === "pglite") {
    await migratePglite(h.db as unknown as PgliteDatabase, { migrationsFolder: migrationsFolderPath });
    return;
  }
  const client = await h.pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      const { drizzle } = await import("drizzle-orm/node-postgres");
      await migratePg(drizzle(client), { migrationsFolder: migrationsFolderPath });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
