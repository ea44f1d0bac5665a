/* The PostgreSQL side of a verified dump: one REPEATABLE READ, READ ONLY transaction that exports its
 * snapshot (`pg_export_snapshot()`) for `pg_dump --snapshot=<id>` and counts every table's rows
 * (exact `count(*)`) in that same snapshot, so the manifest holds exactly what the dump holds even while
 * the application keeps writing. The transaction stays open until `close()` (after pg_dump exited), so
 * the exported snapshot is alive whenever pg_dump imports it. Connects with node-postgres from the same
 * config and secrets the tools use; the password never reaches a command line. Owns this connection and
 * the table list only (which tables pg_dump dumps data for: ordinary and partition tables, not temporary,
 * not owned by an extension, not in a system schema). */
import fs from "node:fs";
import type pg from "pg";
import type { TTableCount } from "../../proof/schema";
import { connectWithTls, type PgTlsPlan, splitUrlTls, tlsPlan } from "./pg-tls";
import type { TDatabaseSource } from "./types";

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** node-postgres settings for a source: its URL, or host/port/user/database (a local socket when no
 * host is set, as libpq does), and the TLS to try (libpq's sslmode, see pg-tls.ts; a URL's own wins). */
export function pgClientConfig(s: TDatabaseSource): { config: pg.ClientConfig; tls: PgTlsPlan } {
  const base: pg.ClientConfig = { connectionTimeoutMillis: 15_000, application_name: "lifeboat-verify" };
  if (s.secrets.url) {
    const fromUrl = splitUrlTls(s.secrets.url);
    const u = new URL(fromUrl.url);
    if (!u.pathname.replace(/^\//, "") && s.config.database) u.pathname = `/${encodeURIComponent(s.config.database)}`;
    return {
      config: {
        ...base,
        connectionString: u.toString(),
        ...(s.secrets.password ? { password: s.secrets.password } : {}),
      },
      tls: tlsPlan(fromUrl.sslmode ?? s.config.sslmode, fromUrl.sslrootcert),
    };
  }
  const socket = ["/var/run/postgresql", "/tmp"].find((d) => fs.existsSync(d));
  const host = s.config.host ?? socket ?? "localhost";
  return {
    config: {
      ...base,
      host,
      port: s.config.port ?? 5432,
      user: s.config.user ?? process.env.USER ?? "postgres",
      database: s.config.database,
      password: s.secrets.password,
    },
    // A local socket never speaks TLS (libpq does not try it there either).
    tls: host.startsWith("/") ? { first: false } : tlsPlan(s.config.sslmode),
  };
}

/** A connected node-postgres client for the source. */
function connectPg(s: TDatabaseSource): Promise<pg.Client> {
  const { config, tls } = pgClientConfig(s);
  return connectWithTls(config, tls);
}

const TABLES_SQL = `
  select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and c.relpersistence <> 't'
    and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  order by 1, 2`;

export class PgSnapshot {
  private constructor(
    private readonly client: pg.Client,
    readonly id: string,
  ) {}

  static async open(s: TDatabaseSource): Promise<PgSnapshot> {
    const client = await connectPg(s);
    try {
      await client.query("begin isolation level repeatable read read only");
      // The counts run beside pg_dump and restic: parallel workers would only take their CPU.
      await client.query("set local max_parallel_workers_per_gather = 0");
      const { rows } = await client.query<{ id: string }>("select pg_export_snapshot() as id");
      return new PgSnapshot(client, rows[0]!.id);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
  }

  /** Every dumped table and its exact row count, in the exported snapshot. */
  async countTables(): Promise<TTableCount[]> {
    const { rows: tables } = await this.client.query<{ schema: string; name: string }>(TABLES_SQL);
    const out: TTableCount[] = [];
    for (let i = 0; i < tables.length; i += 100) {
      const part = tables.slice(i, i + 100);
      const sql = part
        .map((t, j) => `select ${i + j} as i, count(*)::bigint as n from ${ident(t.schema)}.${ident(t.name)}`)
        .join(" union all ");
      const { rows } = await this.client.query<{ i: number; n: string }>(sql);
      for (const r of rows) {
        const t = tables[Number(r.i)]!;
        out.push({ schema: t.schema, name: t.name, rows: Number(r.n), exact: true });
      }
    }
    return out.sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
  }

  async close(): Promise<void> {
    await this.client.query("commit").catch(() => {});
    await this.client.end().catch(() => {});
  }
}
