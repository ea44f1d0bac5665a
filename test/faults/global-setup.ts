/* Vitest globalSetup of the `faults` project: PostgreSQL and MariaDB running, a file each fault test adds
 * its counts to (LIFEBOAT_FAULT_COUNTS, inherited by the test processes), and at the end the sum over all
 * files: "repositories corrupt N, jobs stuck N, false green N" and the project's duration. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureMariadb, ensurePostgres } from "../support/local-services";

export default async function setup(): Promise<() => void> {
  await ensurePostgres();
  await ensureMariadb();
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-faults-counts-"));
  const file = path.join(dir, "counts.jsonl");
  fs.writeFileSync(file, "");
  process.env.LIFEBOAT_FAULT_COUNTS = file;
  return () => {
    const lines = fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
    const rows = lines.map((l) => JSON.parse(l) as { corrupt: number; stuck: number; falseGreen: number });
    const sum = (k: "corrupt" | "stuck" | "falseGreen") => rows.reduce((n, r) => n + r[k], 0);
    const secs = Math.round((Date.now() - started) / 1000);
    console.log(
      `fault suite (${rows.length} cases reported, ${secs} s): repositories corrupt ${sum("corrupt")}, jobs stuck ${sum("stuck")}, false green ${sum("falseGreen")}`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
