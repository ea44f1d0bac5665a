/* Turns the outcome of one connection attempt into the first three lines of a database test:
 * "Server reachable", "Sign-in", "Database exists" — the failed step with its reason, the steps before
 * it ok, the steps after it skipped. Shared by the PostgreSQL and MariaDB checks. Pure. */
import type { ConnectFailure } from "./connection-errors";
import { skipped, type SourceCheck } from "./result";

export type ConnectTarget = { server: string; user: string; database: string };

const LABELS = { reachable: "Server reachable", credentials: "Sign-in", database: "Database exists" } as const;

export function connectChecks(
  failure: ConnectFailure | null,
  t: ConnectTarget,
  extra: { databaseSize?: string } = {},
): SourceCheck[] {
  const ok: Record<keyof typeof LABELS, string> = {
    reachable: `${t.server} answers.`,
    credentials: `Signed in as ${t.user}.`,
    database: `Database ${t.database} exists${extra.databaseSize ? ` (${extra.databaseSize})` : ""}.`,
  };
  const failed: Record<keyof typeof LABELS, string> = {
    reachable: `Could not reach ${t.server}: ${failure?.reason}. Check the host, the port and that the server accepts connections from this machine.`,
    credentials: `${t.server} refused the user ${t.user}: ${failure?.reason}. Check the user name and the password.`,
    database: `The database ${t.database} is missing or ${t.user} may not use it: ${failure?.reason}. Check its name (it is case-sensitive).`,
  };
  const order = ["reachable", "credentials", "database"] as const;
  const failedAt = failure ? order.indexOf(failure.stage) : -1;
  return order.map((id, i) => {
    if (failedAt === -1 || i < failedAt) return { id, label: LABELS[id], status: "ok" as const, message: ok[id] };
    if (i === failedAt) return { id, label: LABELS[id], status: "failed" as const, message: failed[id] };
    return skipped(id, LABELS[id], `${LABELS[order[failedAt]!].toLowerCase()} failed`);
  });
}

/** "the dump tool is not installed" / version line, for both database kinds. */
export function toolMissingCheck(tool: string, pkg: string): SourceCheck {
  return {
    id: "dump_tool",
    label: "Dump tool",
    status: "failed",
    message: `${tool} is not installed on this machine, so backups of this source cannot run. Install ${pkg}.`,
  };
}
