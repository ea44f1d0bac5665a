/* Scratch databases for test restores (the restore drill): a source spec pointed at a database
 * `lifeboat_test_<id>` on the source's own server (or a test server the source names), creating and
 * dropping that database, and the read-only queries a test restore checks with (every table's exact row
 * count, a user's smoke query) on PostgreSQL, MariaDB/MySQL and SQLite files. Invariants: only a name
 * with the scratch prefix is ever created or dropped (a live database can never be the target); the
 * scratch spec carries no hooks (a test restore must not touch the live application); passwords never
 * reach a command line (PostgreSQL: node-postgres in this process, as the manifest's counting connection;
 * MariaDB: the client's environment). */
import type pg from "pg";
import { exitedCleanly, spawnTool } from "./child";
import { RestoreFailed, SourceConfigInvalid } from "./errors";
import { mysqlToolConnection } from "./mysql";
import { pgClientConfig } from "./pg-snapshot";
import { connectWithTls } from "./pg-tls";
import { parseSource, type SourceSpec, ZDatabaseSource } from "./types";

export const SCRATCH_DATABASE_PATTERN = /^lifeboat_test_[a-z0-9_]{1,40}$/;

export type TestServer = { host?: string; port?: number; user?: string };
export type TableRowCount = { schema: string | null; name: string; rows: number };

function assertScratchName(name: string): void {
  if (!SCRATCH_DATABASE_PATTERN.test(name)) throw new Error(`"${name}" is not a scratch database name`);
}

/** The source retargeted at `database` (on `server` when given): same credentials, no hooks. */
export function scratchDatabaseSource(source: SourceSpec, database: string, server?: TestServer | null): SourceSpec {
  const config: Record<string, unknown> = { ...source.config, database };
  const secrets: Record<string, unknown> = { ...(source.secrets ?? {}) };
  if (server?.host) config.host = server.host;
  if (server?.port) config.port = server.port;
  if (server?.user) config.user = server.user;
  if (typeof secrets.url === "string" && secrets.url) {
    const u = new URL(secrets.url);
    u.pathname = `/${encodeURIComponent(database)}`;
    if (server?.host) u.hostname = server.host;
    if (server?.port) u.port = String(server.port);
    if (server?.user) u.username = encodeURIComponent(server.user);
    secrets.url = u.toString();
  }
  return { id: source.id, name: source.name, type: source.type, config, secrets };
}

type SqlRun = { ok: boolean; stdout: string; stderr: string };

async function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<SqlRun> {
  const proc = spawnTool(command, args, { label: command, env, stdout: "pipe" });
  const onAbort = () => proc.kill("SIGTERM", 1000);
  signal?.addEventListener("abort", onAbort, { once: true });
  let stdout = "";
  proc.stdout.setEncoding("utf8");
  proc.stdout.on("data", (c: string) => {
    if (stdout.length < 4 * 1024 * 1024) stdout += c;
  });
  const exit = await proc.exited.finally(() => signal?.removeEventListener("abort", onAbort));
  return { ok: exitedCleanly(exit), stdout, stderr: proc.output.text() };
}

/** Every value as the server's text (what psql prints): counts and smoke-query results stay strings. */
const asText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

/** One SQL text on PostgreSQL through node-postgres, in this process: no psql process to start per
 * statement (~0.2 s each on a loaded machine, on a test restore's critical path). The connection rules
 * are the manifest's counting connection's (pgClientConfig: password in the client config, never argv).
 * Like `psql -c`, a text of several statements runs as one simple query and the last result counts.
 * An abort closes the connection (the server ends the statement; a drop `with (force)` ends its session). */
async function pgQuery(source: SourceSpec, sqlText: string, opts: { readOnly?: boolean; signal?: AbortSignal }) {
  let settings: ReturnType<typeof pgClientConfig>;
  try {
    settings = pgClientConfig(parseSource(ZDatabaseSource, source));
  } catch (e) {
    throw new SourceConfigInvalid(source.name, `${(e as Error).message}.`);
  }
  const client = await connectWithTls(
    {
      ...settings.config,
      application_name: "lifeboat-test-restore",
      types: asText,
      ...(opts.readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
    },
    settings.tls,
    opts.signal,
  );
  const onAbort = () => void client.end().catch(() => {});
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    const res = (await client.query({ text: sqlText, rowMode: "array" })) as unknown as
      | pg.QueryArrayResult
      | pg.QueryArrayResult[];
    const last = Array.isArray(res) ? res.at(-1) : res;
    return (last?.rows ?? []).map((r) => r.map((v) => (v === null ? null : String(v))));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await client.end().catch(() => {});
  }
}

/** Runs one SQL text against the source's database; returns rows as fields (null: SQL NULL, PostgreSQL). */
async function query(
  source: SourceSpec,
  sqlText: string,
  opts: { readOnly?: boolean; signal?: AbortSignal } = {},
): Promise<(string | null)[][]> {
  if (source.type === "postgres") return pgQuery(source, sqlText, opts);
  let r: SqlRun;
  if (source.type === "mysql") {
    const conn = mysqlToolConnection(source);
    const args = [
      ...conn.args,
      "--connect-timeout=15",
      "--batch",
      "--skip-column-names",
      `--database=${conn.database}`,
    ];
    r = await run("mariadb", [...args, "-e", sqlText], conn.env, opts.signal);
  } else if (source.type === "sqlite") {
    const file = String(source.config.path);
    r = await run("sqlite3", ["-bail", "-batch", "-readonly", "-separator", "\t", file, sqlText], {}, opts.signal);
  } else throw new Error(`"${source.type}" sources have no SQL`);
  if (!r.ok) throw new Error(lastLine(r.stderr) || "the query failed");
  return r.stdout
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => l.split("\t"));
}

function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ""
  ).slice(0, 400);
}

/** Connection to the server's maintenance database (PostgreSQL) for CREATE/DROP DATABASE. */
function serverSource(scratch: SourceSpec): SourceSpec {
  return scratch.type === "postgres" ? scratchDatabaseSource(scratch, "postgres") : scratch;
}

/** Creates the empty scratch database named by `scratch` (a spec from scratchDatabaseSource). */
export async function createScratchDatabase(scratch: SourceSpec, signal?: AbortSignal): Promise<void> {
  const name = String(scratch.config.database);
  assertScratchName(name);
  const admin = serverSource(scratch);
  try {
    if (scratch.type === "postgres") await query(admin, `create database "${name}"`, { signal });
    else await runMysqlServer(scratch, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`, signal);
  } catch (e) {
    throw new RestoreFailed(
      scratch.name,
      "the test restore",
      `could not create the scratch database ${name}`,
      (e as Error).message,
    );
  }
}

/** Drops the scratch database if it exists (closing other sessions on it first). */
export async function dropScratchDatabase(scratch: SourceSpec): Promise<void> {
  const name = String(scratch.config.database);
  assertScratchName(name);
  if (scratch.type === "postgres") await query(serverSource(scratch), `drop database if exists "${name}" with (force)`);
  else await runMysqlServer(scratch, `DROP DATABASE IF EXISTS \`${name}\``);
}

/** Whether the scratch database exists (for the sweep's report and the tests). */
export async function scratchDatabaseExists(scratch: SourceSpec): Promise<boolean> {
  const name = String(scratch.config.database);
  assertScratchName(name);
  if (scratch.type === "postgres") {
    const rows = await query(serverSource(scratch), `select 1 from pg_database where datname = '${name}'`);
    return rows.length > 0;
  }
  const out = await runMysqlServer(scratch, `SELECT 1 FROM information_schema.schemata WHERE schema_name = '${name}'`);
  return out.trim().length > 0;
}

async function runMysqlServer(scratch: SourceSpec, sqlText: string, signal?: AbortSignal): Promise<string> {
  const conn = mysqlToolConnection(scratch);
  const r = await run(
    "mariadb",
    [...conn.args, "--connect-timeout=15", "--batch", "--skip-column-names", "-e", sqlText],
    conn.env,
    signal,
  );
  if (!r.ok) throw new Error(lastLine(r.stderr) || "the statement failed");
  return r.stdout;
}

const sqliteQuote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/* Every user table with its exact count(*), each engine in ONE client run (one process, one connection):
 * PostgreSQL in one statement (each table's count runs through query_to_xml, so every count is taken in
 * that statement's snapshot); MariaDB builds the union of counts from information_schema and runs it as
 * a prepared statement in the same session. Output: schema (or null), table, count. */
const COUNT_ALL = {
  postgres: `select schemaname, tablename,
      (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', schemaname, tablename),
        false, true, '')))[1]::text
    from pg_catalog.pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
  mysql: `set session group_concat_max_len = 1073741824;
    select ifnull(group_concat(concat('select null, ', quote(table_name), ', count(*) from \`',
        replace(table_name, '\`', '\`\`'), '\`') order by table_name separator ' union all '),
      'select null, null, 0 from dual where 1 = 0') into @lifeboat_counts
    from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE';
    prepare lifeboat_counts from @lifeboat_counts; execute lifeboat_counts; deallocate prepare lifeboat_counts;`,
};

const SQLITE_TABLES = `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`;

/** Every user table of the database (a PostgreSQL/MariaDB source or a SQLite file) with its exact row
 * count (`count(*)`). PostgreSQL and MariaDB: one client run (COUNT_ALL); SQLite, which has no dynamic
 * SQL, lists its tables and counts them in a second run of the local sqlite3 (no server round trip). */
export async function countTableRows(source: SourceSpec, signal?: AbortSignal): Promise<TableRowCount[]> {
  if (source.type === "postgres" || source.type === "mysql") {
    const pg = source.type === "postgres";
    const counted = (await query(source, COUNT_ALL[source.type], { signal })).map(([schema, name, n]) => ({
      schema: pg ? (schema ?? null) : null,
      name: name ?? "",
      rows: Number(n ?? 0),
    }));
    // PostgreSQL's statement orders by schema and name; a union's order is MariaDB's choice: sort by name.
    return pg ? counted : counted.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const tables = (await query(source, SQLITE_TABLES, { signal })).map(([name]) => name ?? "");
  if (!tables.length) return [];
  const counts = new Map<number, number>();
  // Batches keep one statement well under sqlite's compound-select limit (500) on a file with many tables.
  for (let i = 0; i < tables.length; i += 200) {
    const parts = tables.slice(i, i + 200).map((t, j) => `select ${i + j}, count(*) from ${sqliteQuote(t)}`);
    for (const [idx, n] of await query(source, parts.join(" union all "), { signal }))
      counts.set(Number(idx), Number(n));
  }
  return tables.map((name, i) => ({ schema: null, name, rows: counts.get(i) ?? 0 }));
}

/** A smoke query's first column of its first row (null when it returned no rows). PostgreSQL runs it
 * in a read-only transaction; it only ever runs on a scratch copy. */
export async function runSmokeQuery(source: SourceSpec, sqlText: string, signal?: AbortSignal): Promise<string | null> {
  const rows = await query(source, sqlText, { readOnly: true, signal });
  return rows[0]?.[0] ?? null;
}
