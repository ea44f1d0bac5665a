/* Proof of a MariaDB/MySQL dump read from the dump itself as it streams into restic: every
 * `CREATE TABLE` names a table, every row of its extended `INSERT INTO … VALUES (…),(…);` statements is
 * counted (a tuple opens at a top-level parenthesis outside a quoted string, the statement ends at a
 * top-level `;`; mariadb-dump escapes quotes and newlines inside strings with a backslash; 10.11 puts
 * each tuple on its own line, older versions all on one — both read the same), and the dump must
 * end with mariadb-dump's `-- Dump completed` line. The counts are therefore exactly the rows the dump
 * holds — the view of its `--single-transaction` snapshot for InnoDB tables — with no second connection
 * and no second snapshot. A dump without the completion line stops the backup before restic commits
 * (DumpIncomplete). Owns this scan only. */
import type { TCheckResult, TTableCount } from "../../proof/schema";
import type { SourceProof } from "../types";
import type { StreamObserver } from "./stream-backup";

const NL = 10;
const SEMI = 59;
const QUOTE = 39;
const BACKSLASH = 92;
const OPEN = 40;
const CLOSE = 41;
const HEAD_MAX = 512;
const COMPLETED = "\n-- Dump completed";
const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** The backtick-quoted identifier at the start of `s` (`a``b` → a`b) and the rest after it. */
function quotedName(s: string): { name: string; rest: string } | null {
  let name = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "`") name += s[i];
    else if (s[i + 1] === "`") {
      name += "`";
      i++;
    } else return { name, rest: s.slice(i + 1) };
  }
  return null;
}

export class MysqlDumpScan implements StreamObserver {
  private readonly rows = new Map<string, number>();
  private mode: "head" | "skip" | "values" = "head";
  private head: Buffer[] = [];
  private headLength = 0;
  private table = "";
  private depth = 0;
  private inQuote = false;
  private escaped = false;
  private tail = "";

  push(chunk: Buffer): void {
    this.tail = (this.tail + chunk.subarray(Math.max(0, chunk.length - 256)).toString("latin1")).slice(-256);
    let i = 0;
    while (i < chunk.length) {
      if (this.mode === "skip") {
        const nl = chunk.indexOf(NL, i);
        if (nl < 0) return;
        i = nl + 1;
        this.mode = "head";
      } else if (this.mode === "values") {
        i = this.scanValues(chunk, i);
      } else {
        i = this.readHead(chunk, i);
      }
    }
  }

  /** Collects a line's first bytes, then decides what the line is. */
  private readHead(chunk: Buffer, i: number): number {
    const nl = chunk.indexOf(NL, i);
    const end = Math.min(nl < 0 ? chunk.length : nl, i + HEAD_MAX - this.headLength);
    this.head.push(chunk.subarray(i, end));
    this.headLength += end - i;
    const lineEnded = end === nl;
    if (!lineEnded && this.headLength < HEAD_MAX) return end;
    const head = Buffer.concat(this.head);
    this.head = [];
    this.headLength = 0;
    this.mode = lineEnded ? "head" : "skip";
    if (head.subarray(0, 14).toString() === "CREATE TABLE `") {
      const q = quotedName(head.subarray(14).toString("utf8"));
      if (q && !this.rows.has(q.name)) this.rows.set(q.name, 0);
    } else if (head.subarray(0, 13).toString() === "INSERT INTO `") {
      const q = quotedName(head.subarray(13).toString("utf8"));
      const at = head.indexOf(" VALUES");
      if (q && at >= 0) {
        this.table = q.name;
        if (!this.rows.has(q.name)) this.rows.set(q.name, 0);
        this.depth = 0;
        this.inQuote = false;
        this.escaped = false;
        this.mode = "values";
        this.scanValues(head, at + 7); // the tuples already in the head
        if (this.mode === "values") return lineEnded ? end + 1 : end;
        this.mode = lineEnded ? "head" : "skip";
      }
    }
    return lineEnded ? end + 1 : end;
  }

  /** Counts tuples from `i` to the statement's `;` (then the rest of its line is skipped) or the end of
   * the chunk; returns where it stopped. */
  private scanValues(b: Buffer, i: number): number {
    let n = 0;
    let { depth, inQuote, escaped } = this;
    for (; i < b.length; i++) {
      const c = b[i]!;
      if (inQuote) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inQuote = false;
      } else if (c === QUOTE) inQuote = true;
      else if (c === OPEN) {
        if (depth === 0) n++;
        depth++;
      } else if (c === CLOSE) depth--;
      else if (c === SEMI && depth === 0) {
        this.mode = "skip";
        i++;
        break;
      }
    }
    Object.assign(this, { depth, inQuote, escaped });
    this.rows.set(this.table, (this.rows.get(this.table) ?? 0) + n);
    return i;
  }

  async verdict(): Promise<string | null> {
    return this.tail.includes(COMPLETED) ? null : 'it does not end with mariadb-dump\'s "-- Dump completed" line';
  }

  result(): SourceProof {
    const tables: TTableCount[] = [...this.rows]
      .map(([name, rows]) => ({ schema: null, name, rows, exact: true }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const total = tables.reduce((n, t) => n + t.rows, 0);
    const checks: TCheckResult[] = [
      {
        name: "Dump is complete",
        status: "passed",
        message: 'The dump ends with mariadb-dump\'s "-- Dump completed" line.',
      },
      {
        name: "Row counts",
        status: "passed",
        message: `${plural(tables.length, "table")}, ${plural(total, "row")}, counted in the dump itself.`,
      },
    ];
    return { checks, manifest: { kind: "database", engine: "mysql", consistent: true, tables } };
  }
}
