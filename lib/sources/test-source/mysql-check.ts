/* Tests a MariaDB/MySQL source the way its backup will run: the `mariadb` client connects with exactly
 * the arguments and environment mariadb-dump gets (the engine's mysqlToolConnection: password only as
 * MYSQL_PWD), which tells reachable / sign-in / database apart and measures the database; then whether
 * the installed mariadb-dump fits the server's version. */
import "server-only";
import { mysqlToolConnection, type SourceSpec } from "@/lib/engine";
import { formatBytes } from "@/components/ui/format";
import { connectChecks, toolMissingCheck, type ConnectTarget } from "./connect-checks";
import { classifyMysqlError } from "./connection-errors";
import { skipped, type SourceCheck, type SourceTestFacts } from "./result";
import { runProbe } from "./run-probe";
import { mysqlDumpConcern, parseMysqlServerVersion, parseMysqlToolVersion, type DbVersion } from "./tool-versions";

const QUERY =
  "SELECT VERSION(), CURRENT_USER(), " +
  "(SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = DATABASE()), " +
  "(SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE())";

function target(args: string[], database: string): ConnectTarget {
  const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    server: `MariaDB/MySQL at ${opt("host") ?? "localhost"}:${opt("port") ?? 3306}`,
    user: opt("user") ?? "(default user)",
    database,
  };
}

export async function testMysql(source: SourceSpec): Promise<{ checks: SourceCheck[]; facts: SourceTestFacts }> {
  const conn = mysqlToolConnection(source);
  const t = target(conn.args, conn.database);
  const facts: SourceTestFacts = {};
  const probe = await runProbe(
    "mariadb",
    [
      ...conn.args,
      "--connect-timeout=10",
      "--batch",
      "--skip-column-names",
      `--database=${conn.database}`,
      "-e",
      QUERY,
    ],
    { env: conn.env, label: "mariadb" },
  );
  if (!probe.ok) {
    const failure = probe.timedOut
      ? { stage: "reachable" as const, reason: "no answer within 20 seconds" }
      : probe.code === 127
        ? {
            stage: "reachable" as const,
            reason: "the mariadb client is not installed on this machine (install mariadb-client)",
          }
        : classifyMysqlError(probe.stderr);
    return { checks: [...connectChecks(failure, t), (await dumpToolCheck(null)).check], facts };
  }
  const [version = "", user, size, tables] = probe.stdout.split("\t");
  const server = parseMysqlServerVersion(version);
  facts.serverVersion = version;
  facts.sizeBytes = Number(size);
  const checks = connectChecks(
    null,
    { ...t, user: user || t.user },
    { databaseSize: `${formatBytes(Number(size))}, ${tables} tables` },
  );
  const tool = await dumpToolCheck(server);
  checks.push(tool.check);
  if (tool.version) facts.toolVersion = `mariadb-dump ${tool.version}`;
  return { checks, facts };
}

async function dumpToolCheck(server: DbVersion | null): Promise<{ check: SourceCheck; version?: string }> {
  const out = await runProbe("mariadb-dump", ["--version"], { timeoutMs: 10_000 });
  if (out.code === 127) return { check: toolMissingCheck("mariadb-dump", "mariadb-client") };
  const tool = parseMysqlToolVersion(out.stdout);
  if (!tool) {
    return {
      check: {
        id: "dump_tool",
        label: "Dump tool",
        status: "warning",
        message: `Could not read mariadb-dump's version ("${out.stdout.slice(0, 80)}").`,
      },
    };
  }
  if (!server) {
    return {
      check: skipped("dump_tool", "Dump tool", `not connected to the server (mariadb-dump ${tool.text} is installed)`),
      version: tool.text,
    };
  }
  const concern = mysqlDumpConcern(tool, server);
  return {
    check: concern
      ? { id: "dump_tool", label: "Dump tool", status: "warning", message: concern }
      : {
          id: "dump_tool",
          label: "Dump tool",
          status: "ok",
          message: `mariadb-dump ${tool.text} fits the server (${server.text}).`,
        },
    version: tool.text,
  };
}
