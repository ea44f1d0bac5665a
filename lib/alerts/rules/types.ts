/* What a rule is: one query that returns every (kind, subject) failing *now*, with the words to show.
 * The lifecycle diffs that set against the open alerts (new → open, gone → resolved), so a rule never
 * sends anything and costs one query however many environments there are. */
import type { Severity } from "@/lib/notify/schema";
import type { AlertKind } from "../schema";

export type FailingCondition = {
  kind: AlertKind;
  /** "env:<id>" | "dest:<id>" | "job:<id>": one open alert per (kind, subjectKey). */
  subjectKey: string;
  environmentId?: string;
  destinationId?: string;
  severity: Severity;
  /** What happened and what to do, naming things as the user named them. */
  message: string;
  details: Record<string, unknown> & { subject: string; projectId?: string };
};

export type RuleOptions = {
  /** A running job without a heartbeat for this long is stuck. */
  stuckAfterSeconds: number;
  /** storage_low: free space of a local path (tests inject a full disk); default node:fs statfs. */
  statfs?: (path: string) => Promise<{ free: number; total: number } | null>;
  /** copy_behind: a copy not done this many hours after its backup (default 6). */
  copyBehindHours?: number;
};

export type QueryRows = (text: string, values: unknown[]) => Promise<Record<string, any>[]>;

export type AlertRule = {
  kind: AlertKind;
  evaluate(q: QueryRows, now: Date, opts: RuleOptions): Promise<FailingCondition[]>;
};

export function envSubject(r: Record<string, any>): string {
  return `${r.project_name} / ${r.env_name}`;
}

export function ago(from: Date | string, now: Date): string {
  const h = Math.max(0, (now.getTime() - new Date(from).getTime()) / 3_600_000);
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}
