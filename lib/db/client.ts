/* The database connection: embedded PGlite under <dataDir>/db when DATABASE_URL is unset, PostgreSQL
 * through a `pg` pool when it is set. One instance per process, kept on globalThis so Next.js hot
 * reloads and route bundles share it (a PGlite directory may be opened by one owner only). The public
 * type is the node-postgres flavour of Drizzle; both drivers speak the same query API. */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;

/** `fresh`: this process created the PGlite directory (ran initdb), see reopenFreshPglite. */
type DbHandle =
  | { kind: "pglite"; db: Db; pglite: PGlite; fresh: boolean }
  | { kind: "postgres"; db: Db; pool: pg.Pool; url: string };

const KEY = Symbol.for("lifeboat.db");
type Holder = { [KEY]?: DbHandle };
const holder = globalThis as unknown as Holder;

export function pgliteDir(): string {
  return path.join(env().dataDir, "db");
}

function open(): DbHandle {
  const url = env().DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing
    return { kind: "postgres", db: drizzlePg(pool, { schema }), pool, url };
  }
  const dir = pgliteDir();
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  const pglite = new PGlite(dir);
  return { kind: "pglite", db: drizzlePglite(pglite, { schema }) as unknown as Db, pglite, fresh };
}

export function dbHandle(): DbHandle {
  holder[KEY] ??= open();
  return holder[KEY]!;
}

export function getDb(): Db {
  return dbHandle().db;
}

/** Closes the connection (tests, scripts, graceful shutdown). The next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const h = holder[KEY];
  holder[KEY] = undefined;
  if (!h) return;
  if (h.kind === "postgres") await h.pool.end();
  else await h.pglite.close();
}

/** Creating a PGlite directory (initdb) leaves ~400 MB more mapped in this process than opening an
 * existing one (826 MB against 452 MB measured), and every child process Lifeboat starts (restic,
 * pg_dump) pays for the parent's size: Node's spawn forks synchronously, ~190 ms at 850 MB against
 * ~50 ms at 450 MB, with the event loop blocked meanwhile. So a directory this process just created is
 * closed once it is ready and opened again, before anything else uses it (called by ensureMigrated). */
export async function reopenFreshPglite(): Promise<DbHandle> {
  const h = dbHandle();
  if (h.kind !== "pglite" || !h.fresh) return h;
  await h.pglite.waitReady;
  await closeDb();
  const again = dbHandle();
  if (again.kind === "pglite") await again.pglite.waitReady;
  return again;
}
