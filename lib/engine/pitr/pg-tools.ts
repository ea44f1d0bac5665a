/* PostgreSQL client tools for point-in-time recovery: where their binaries are (the newest
 * /usr/lib/postgresql/<major>/bin, or LIFEBOAT_PG_BIN_DIR), connection arguments for a replication
 * connection, and one-shot SQL through psql. Owns no long-lived process (wal-receiver.ts does). The
 * password reaches the tools only as PGPASSWORD (database-connection.ts). */
import fs from "node:fs";
import path from "node:path";
import type { ToolConnection } from "../sources/database-connection";
import { spawnTool } from "../sources/child";

let binDir: string | null | undefined;

/** The folder of the PostgreSQL client binaries: LIFEBOAT_PG_BIN_DIR, else the highest major version
 * under /usr/lib/postgresql (Debian), else PATH (null). */
export function pgBinDir(): string | null {
  if (binDir !== undefined) return binDir;
  const fromEnv = process.env.LIFEBOAT_PG_BIN_DIR;
  if (fromEnv) {
    binDir = fromEnv;
    return binDir;
  }
  try {
    const majors = fs
      .readdirSync("/usr/lib/postgresql")
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    const found = majors.map((m) => `/usr/lib/postgresql/${m}/bin`).find((d) => fs.existsSync(`${d}/pg_receivewal`));
    binDir = found ?? null;
  } catch {
    binDir = null;
  }
  return binDir;
}

export function pgBinary(name: string): string {
  const dir = pgBinDir();
  return dir ? path.join(dir, name) : name;
}

/** Connection arguments for pg_receivewal / pg_basebackup: their `--dbname` is a connection string, so a
 * plain database name is dropped (a physical replication connection has no database) and a URL kept. */
export function replicationArgs(conn: ToolConnection): string[] {
  return conn.args.filter((a) => !a.startsWith("--dbname=") || /^--dbname=postgres(ql)?:\/\//.test(a));
}

/** psql arguments for a replication connection (replication=true lets psql run IDENTIFY_SYSTEM). */
function psqlReplicationArgs(conn: ToolConnection): string[] {
  return conn.args.map((a) => {
    if (!a.startsWith("--dbname=")) return a;
    const v = a.slice("--dbname=".length);
    if (/^postgres(ql)?:\/\//.test(v)) {
      const u = new URL(v);
      u.searchParams.set("replication", "database");
      return `--dbname=${u.toString()}`;
    }
    return `--dbname=dbname='${v.replace(/['\\]/g, "\\$&")}' replication=true`;
  });
}

export class PsqlFailed extends Error {
  constructor(readonly output: string) {
    super(output || "psql failed");
  }
}

/** Runs one statement; rows as arrays of text (tab-separated, unaligned, no headers). */
export async function psqlRows(
  conn: ToolConnection,
  sql: string,
  opts: { replication?: boolean; timeoutMs?: number } = {},
): Promise<string[][]> {
  const args = [
    "--no-psqlrc",
    "--tuples-only",
    "--no-align",
    "--field-separator=\t",
    "--set=ON_ERROR_STOP=1",
    "--command",
    sql,
    ...(opts.replication ? psqlReplicationArgs(conn) : conn.args),
  ];
  const p = spawnTool(pgBinary("psql"), args, { label: "psql", env: conn.env, stdout: "pipe" });
  let out = "";
  p.stdout.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  const ended = new Promise<void>((r) => {
    p.stdout.once("end", r);
    p.stdout.once("error", () => r());
  });
  const timer = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
  const [exit] = await Promise.all([p.exited, ended]);
  clearTimeout(timer);
  if (exit.code !== 0) throw new PsqlFailed(p.output.text());
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}
