/* Tests a PostgreSQL source the way its backup will run: psql connects with exactly the arguments and
 * environment pg_dump gets (the engine's postgresToolConnection: password only as PGPASSWORD), which
 * tells reachable / sign-in / database apart and measures the database; then whether the user can read
 * every table (pg_dump fails on the first one it cannot) and whether the installed pg_dump is new
 * enough for the server (it refuses servers newer than itself). */
import "server-only";
import { postgresToolConnection, type SourceSpec } from "@/lib/engine";
import { formatBytes } from "@/components/ui/format";
import { connectChecks, toolMissingCheck, type ConnectTarget } from "./connect-checks";
import { classifyPostgresError } from "./connection-errors";
import type { SourceCheck, SourceTestFacts } from "./result";
import { skipped } from "./result";
import { runProbe } from "./run-probe";
import { parsePgToolVersion, pgDumpFits, pgServerVersion } from "./tool-versions";

const QUERY = `select current_setting('server_version_num'), current_setting('server_version'),
  pg_database_size(current_database()),
  (select count(*) from pg_catalog.pg_tables where schemaname not in ('pg_catalog', 'information_schema')),
  (select string_agg(quote_ident(schemaname) || '.' || quote_ident(tablename), ', ') from pg_catalog.pg_tables
    where schemaname not in ('pg_catalog', 'information_schema')
    and not has_table_privilege(quote_ident(schemaname) || '.' || quote_ident(tablename), 'SELECT'))`;

function target(source: SourceSpec, database: string): ConnectTarget {
  const c = source.config as { host?: string; port?: number; user?: string };
  let host = c.host ?? "localhost";
  let port = c.port ?? 5432;
  let user = c.user ?? "(default user)";
  const url = (source.secrets as { url?: string } | undefined)?.url;
  if (url) {
    try {
      const u = new URL(url);
      host = u.hostname || host;
      port = u.port ? Number(u.port) : port;
      user = u.username ? decodeURIComponent(u.username) : user;
    } catch {
      /* the engine's connection builder reports a bad URL */
    }
  }
  return { server: `PostgreSQL at ${host}:${port}`, user, database };
}

export async function testPostgres(source: SourceSpec): Promise<{ checks: SourceCheck[]; facts: SourceTestFacts }> {
  const conn = postgresToolConnection(source);
  const env = { ...conn.env, PGCONNECT_TIMEOUT: "10" };
  const t = target(source, conn.database);
  const facts: SourceTestFacts = {};
  const probe = await runProbe(
    "psql",
    ["-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", ...conn.args, "-c", QUERY],
    {
      env,
      label: "psql",
    },
  );
  if (!probe.ok) {
    const failure = probe.timedOut
      ? { stage: "reachable" as const, reason: "no answer within 20 seconds" }
      : probe.code === 127
        ? { stage: "reachable" as const, reason: "psql is not installed on this machine (install postgresql-client)" }
        : classifyPostgresError(probe.stderr);
    return {
      checks: [
        ...connectChecks(failure, t),
        skipped("privileges", "Tables readable", "not connected"),
        await dumpToolCheck(null),
      ],
      facts,
    };
  }
  const [versionNum, versionText, size, tables, unreadable] = probe.stdout.split("|");
  const server = pgServerVersion(Number(versionNum), versionText ?? "");
  facts.serverVersion = `PostgreSQL ${versionText}`;
  facts.sizeBytes = Number(size);
  const checks = connectChecks(null, t, { databaseSize: formatBytes(Number(size)) });
  checks.push(
    unreadable
      ? {
          id: "privileges",
          label: "Tables readable",
          status: "failed",
          message: `${t.user} cannot read ${unreadable}; pg_dump would stop there. GRANT SELECT on them (or use the owner).`,
        }
      : {
          id: "privileges",
          label: "Tables readable",
          status: "ok",
          message: tables === "0" ? "The database has no tables yet." : `${t.user} can read all ${tables} tables.`,
        },
  );
  const tool = await dumpToolCheck(server);
  checks.push(tool);
  const v = /pg_dump (\S+)/.exec(tool.message);
  if (v) facts.toolVersion = `pg_dump ${v[1]}`;
  return { checks, facts };
}

async function dumpToolCheck(server: ReturnType<typeof pgServerVersion> | null): Promise<SourceCheck> {
  const out = await runProbe("pg_dump", ["--version"], { timeoutMs: 10_000 });
  if (out.code === 127) return toolMissingCheck("pg_dump", "postgresql-client");
  const tool = parsePgToolVersion(out.stdout);
  if (!tool)
    return {
      id: "dump_tool",
      label: "Dump tool",
      status: "warning",
      message: `Could not read pg_dump's version ("${out.stdout.slice(0, 80)}").`,
    };
  if (!server)
    return skipped("dump_tool", "Dump tool", `not connected to the server (pg_dump ${tool.text} is installed)`);
  if (pgDumpFits(tool, server)) {
    return {
      id: "dump_tool",
      label: "Dump tool",
      status: "ok",
      message: `pg_dump ${tool.text} fits PostgreSQL ${server.text}.`,
    };
  }
  return {
    id: "dump_tool",
    label: "Dump tool",
    status: "failed",
    message: `pg_dump ${tool.text} cannot dump PostgreSQL ${server.text} (pg_dump must be the server's major version or newer). Install postgresql-client-${server.major} on this machine.`,
  };
}
