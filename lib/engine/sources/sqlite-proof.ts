/* Proof of a SQLite backup, taken on the consistent copy before it is streamed: `PRAGMA integrity_check`
 * must say "ok" (else the backup stops: DumpIncomplete, nothing is kept), and every table's rows are
 * counted on that same file, so the manifest is exactly what the snapshot holds. Owns these two reads. */
import type { TCheckResult, TTableCount } from "../../proof/schema";
import type { SourceProof } from "../types";
import { describeExit, exitedCleanly, spawnTool } from "./child";
import { DumpIncomplete } from "./errors";

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function sqlite(file: string, sql: string): Promise<string> {
  const proc = spawnTool("sqlite3", ["-bail", "-batch", "-readonly", "-noheader", "-list", file, sql], {
    label: "sqlite3",
    stdout: "pipe",
  });
  let out = "";
  proc.stdout.setEncoding("utf8");
  proc.stdout.on("data", (s: string) => (out += s));
  const closed = new Promise<void>((r) => proc.stdout.once("close", () => r()));
  const [exit] = await Promise.all([proc.exited, closed]);
  if (!exitedCleanly(exit)) throw new Error(`sqlite3 ${describeExit(exit)}: ${proc.output.text()}`);
  return out;
}

/** Checks and counts the copy at `file`; throws DumpIncomplete when the copy is damaged. */
export async function proveSqliteCopy(sourceName: string, file: string): Promise<SourceProof> {
  const check = (await sqlite(file, "PRAGMA integrity_check;").catch((e: Error) => e.message)).trim();
  if (check !== "ok")
    throw new DumpIncomplete(sourceName, `the copy failed PRAGMA integrity_check: ${check.slice(0, 300)}`);
  const names = (
    await sqlite(
      file,
      "select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name;",
    )
  )
    .split("\n")
    .filter(Boolean);
  const tables: TTableCount[] = [];
  if (names.length) {
    const sql = names.map((n, i) => `select ${i}, count(*) from ${ident(n)}`).join(" union all ");
    for (const line of (await sqlite(file, `${sql};`)).split("\n").filter(Boolean)) {
      const [i, n] = line.split("|");
      tables.push({ schema: null, name: names[Number(i)]!, rows: Number(n), exact: true });
    }
  }
  tables.sort((a, b) => a.name.localeCompare(b.name));
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  const checks: TCheckResult[] = [
    { name: "Copy is intact", status: "passed", message: "PRAGMA integrity_check on the copied file said ok." },
    {
      name: "Row counts",
      status: "passed",
      message: `${plural(tables.length, "table")}, ${plural(rows, "row")}, counted on the copied file.`,
    },
  ];
  return { checks, manifest: { kind: "database", engine: "sqlite", consistent: true, tables } };
}
