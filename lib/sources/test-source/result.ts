/* The answer of "Test connection": one line per check (reachable, credentials, database, dump tool,
 * folder, …) with its status and a message a user can act on, plus what was measured (size, file
 * count, versions). `ok` is false when any check failed; warnings do not block. Browser-safe: the
 * source dialog renders it, the REST API returns it as JSON. */

export type CheckStatus = "ok" | "warning" | "failed" | "skipped";

export type SourceCheck = {
  /** stable key: "reachable", "credentials", "database", "dump_tool", "privileges", "path", "readable", … */
  id: string;
  label: string;
  status: CheckStatus;
  message: string;
};

export type SourceTestFacts = {
  sizeBytes?: number;
  fileCount?: number;
  /** the walk stopped early (too many files or too slow): size and count are lower bounds */
  partial?: boolean;
  serverVersion?: string;
  toolVersion?: string;
};

export type SourceTestResult = {
  ok: boolean;
  checks: SourceCheck[];
  facts: SourceTestFacts;
  durationMs: number;
};

export function finishTest(checks: SourceCheck[], facts: SourceTestFacts, startedAt: number): SourceTestResult {
  return { ok: !checks.some((c) => c.status === "failed"), checks, facts, durationMs: Date.now() - startedAt };
}

/** Checks that could not run because an earlier one failed ("database" after "unreachable"). */
export function skipped(id: string, label: string, because: string): SourceCheck {
  return { id, label, status: "skipped", message: `Not checked: ${because}.` };
}
