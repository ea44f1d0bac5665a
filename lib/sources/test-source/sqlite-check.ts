/* Tests a SQLite source: the file exists and is readable, it starts with the SQLite header, and sqlite3
 * (which the backup uses for its consistent copy) opens it read-only and lists its tables. */
import "server-only";
import fsp from "node:fs/promises";
import path from "node:path";
import { parseSource, type SourceSpec, ZSqliteSource } from "@/lib/engine";
import { formatBytes } from "@/components/ui/format";
import { skipped, type SourceCheck, type SourceTestFacts } from "./result";
import { lastLine, runProbe } from "./run-probe";

const HEADER = "SQLite format 3\u0000";

export async function testSqlite(source: SourceSpec): Promise<{ checks: SourceCheck[]; facts: SourceTestFacts }> {
  const file = path.resolve(parseSource(ZSqliteSource, source).config.path);
  const st = await fsp.stat(file).catch(() => null);
  if (!st?.isFile()) {
    return {
      checks: [
        {
          id: "path",
          label: "File exists",
          status: "failed",
          message: st ? `${file} is a folder, not a database file.` : `There is no file at ${file}. Check the path.`,
        },
        skipped("database", "SQLite database", "the file is missing"),
      ],
      facts: {},
    };
  }
  const facts: SourceTestFacts = { sizeBytes: st.size };
  const checks: SourceCheck[] = [
    { id: "path", label: "File exists", status: "ok", message: `${file} (${formatBytes(st.size)}).` },
  ];
  let head: Buffer;
  try {
    const fh = await fsp.open(file, "r");
    head = Buffer.alloc(16);
    await fh.read(head, 0, 16, 0).finally(() => fh.close());
  } catch (e) {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "failed",
      message: `Cannot read ${file} (${(e as NodeJS.ErrnoException).code}). Give this user read access.`,
    });
    return { checks, facts };
  }
  if (st.size === 0) {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "warning",
      message: "The file is empty (SQLite treats it as an empty database).",
    });
    return { checks, facts };
  }
  if (head.toString("latin1") !== HEADER) {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "failed",
      message: `${file} is not a SQLite database (it does not start with the SQLite header).`,
    });
    return { checks, facts };
  }
  const probe = await runProbe(
    "sqlite3",
    ["-readonly", "-batch", "-bail", file, "SELECT count(*) FROM sqlite_master WHERE type = 'table';"],
    {
      timeoutMs: 15_000,
    },
  );
  if (probe.code === 127) {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "failed",
      message: "sqlite3 is not installed on this machine; backups of SQLite need it. Install sqlite3.",
    });
  } else if (!probe.ok) {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "failed",
      message: `sqlite3 could not open it: ${lastLine(probe.stderr) || "no reason given"}.`,
    });
  } else {
    checks.push({
      id: "database",
      label: "SQLite database",
      status: "ok",
      message: `A SQLite database with ${probe.stdout} tables.`,
    });
  }
  return { checks, facts };
}
