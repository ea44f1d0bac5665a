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

type DbHandle = { kind: "pglite"; db: Db; pglite: PGlite } | { kind: "postgres"; db: Db; pool: pg.Pool; url: string };

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
  const pglite = new PGlite(dir);
  return { kind: "pglite", db: drizzlePglite(pglite, { schema }) as unknown as Db, pglite };
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
