/* Proof of a PostgreSQL dump while it streams into restic: the first bytes of the custom-format dump go
 * to `pg_restore --list`, which reads the table of contents at the head of the file and exits (the rest
 * of the dump is not fed to it, so the check costs one short process, not a second read of the dump).
 * Once pg_dump exited 0 the verdict compares that table of contents with the tables counted in the
 * dump's own snapshot (pg-snapshot.ts): a table counted but missing from the dump, or a table of
 * contents pg_restore cannot read, stops the backup (DumpIncomplete). Owns this check only. */
import type { TCheckResult, TTableCount } from "../../proof/schema";
import type { SourceProof } from "../types";
import { spawnTool, type ToolProcess } from "./child";
import type { StreamObserver } from "./stream-backup";

const FEED_CAP = 256 * 1024 * 1024;
const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

export class PgDumpProof implements StreamObserver {
  private readonly lister: ToolProcess;
  private listed = "";
  private listerDone = false;
  private readonly listerExit: Promise<{ ok: boolean; stderr: string }>;
  private counts: TTableCount[] | null = null;
  private countError: string | null = null;
  private tocTables = 0;
  private fed = 0;
  private readonly counting: Promise<TTableCount[]> | null;

  /** `counting`: the row counts being taken in the dump's snapshot (null: no snapshot could be opened,
   * with `why`). */
  constructor(
    counting: Promise<TTableCount[]> | null,
    private readonly why: string | null = null,
  ) {
    this.lister = spawnTool("pg_restore", ["--list"], { label: "pg_restore --list", stdin: "pipe", stdout: "pipe" });
    this.lister.stdout.setEncoding("utf8");
    this.lister.stdout.on("data", (s: string) => (this.listed += s));
    const stdoutEnd = new Promise<void>((r) => this.lister.stdout.once("close", () => r()));
    this.listerExit = Promise.all([this.lister.exited, stdoutEnd]).then(([e]) => {
      this.listerDone = true;
      return { ok: e.code === 0, stderr: this.lister.output.text() };
    });
    counting?.then(
      (c) => (this.counts = c),
      (e: Error) => (this.countError = e.message),
    );
    this.counting = counting;
  }

  push(chunk: Buffer): void {
    // pg_restore exits once it has the table of contents; the cap keeps a stuck lister from queueing
    // the whole dump in memory.
    if (this.listerDone || this.lister.stdin.destroyed || this.fed > FEED_CAP) return;
    this.fed += chunk.length;
    this.lister.stdin.write(chunk);
  }

  async verdict(): Promise<string | null> {
    this.lister.stdin.end();
    const exit = await this.listerExit;
    if (!exit.ok)
      return `pg_restore could not read its table of contents: ${exit.stderr.slice(-300) || "no reason given"}`;
    const toc = this.listed.split("\n").filter((l) => / TABLE DATA /.test(l));
    this.tocTables = toc.length;
    await this.counting?.catch(() => {});
    const missing = (this.counts ?? []).filter(
      (t) => !toc.some((l) => l.includes(` TABLE DATA ${t.schema} ${t.name} `)),
    );
    if (missing.length) {
      return `the table of contents lacks ${missing
        .slice(0, 5)
        .map((t) => `${t.schema}.${t.name}`)
        .join(", ")}`;
    }
    return null;
  }

  /** The checks and manifest, once the backup is through. */
  result(): SourceProof {
    const checks: TCheckResult[] = [
      {
        name: "Dump is complete",
        status: "passed",
        message: `pg_restore read its table of contents: ${plural(this.tocTables, "table")} with data.`,
      },
    ];
    if (!this.counts) {
      checks.push({
        name: "Row counts",
        status: "warning",
        message: `No row counts were recorded: ${this.countError ?? this.why ?? "the counting connection failed"}.`,
      });
      return { checks };
    }
    const rows = this.counts.reduce((n, t) => n + t.rows, 0);
    checks.push({
      name: "Row counts",
      status: "passed",
      message: `${plural(this.counts.length, "table")}, ${plural(rows, "row")}, counted in the dump's own snapshot.`,
    });
    return {
      checks,
      manifest: { kind: "database", engine: "postgres", consistent: true, tables: this.counts },
    };
  }

  /** The lister is not needed any more (the backup failed or was cancelled). */
  dispose(): void {
    this.lister.kill("SIGKILL");
  }
}
