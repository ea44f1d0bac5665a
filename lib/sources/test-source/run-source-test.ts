/* Runs the checks for one source (settings as the engine will see them, secrets opened) and returns
 * the SourceTestResult. Dispatch by type only; each kind's checks live in their own module. Settings the
 * engine refuses (SourceConfigInvalid) come back as a failed "Settings" line, not as an error. Command
 * sources are not run: a backup command may have side effects. */
import "server-only";
import { SourceConfigInvalid, type SourceSpec } from "@/lib/engine";
import { testDirectory } from "./directory-check";
import { testMysql } from "./mysql-check";
import { testPostgres } from "./postgres-check";
import { finishTest, type SourceCheck, type SourceTestFacts, type SourceTestResult } from "./result";
import { testSqlite } from "./sqlite-check";

type Checks = { checks: SourceCheck[]; facts: SourceTestFacts };

async function commandChecks(): Promise<Checks> {
  return {
    checks: [
      {
        id: "command",
        label: "Backup command",
        status: "skipped",
        message: "Commands are not run by a test (they may change things). Run a backup to check this source.",
      },
    ],
    facts: {},
  };
}

const CHECKERS: Record<SourceSpec["type"], (s: SourceSpec) => Promise<Checks>> = {
  postgres: testPostgres,
  mysql: testMysql,
  directory: testDirectory,
  sqlite: testSqlite,
  command: commandChecks,
};

export async function runSourceTest(source: SourceSpec): Promise<SourceTestResult> {
  const started = Date.now();
  try {
    const { checks, facts } = await CHECKERS[source.type](source);
    return finishTest(checks, facts, started);
  } catch (e) {
    if (!(e instanceof SourceConfigInvalid)) throw e;
    return finishTest([{ id: "settings", label: "Settings", status: "failed", message: e.message }], {}, started);
  }
}
