/* The lifecycle: diff the conditions failing now against the open alerts of the same kinds — new
 * (kind, subject) pairs open, vanished ones resolve — and pick the open ones due a reminder. Runs inside
 * the evaluator's transaction. Invariants: one open alert per (kind, subject) (the partial unique index;
 * `on conflict do nothing` makes a concurrent opener a no-op); a resolve only takes rows still open, so
 * each transition is returned to exactly one caller, which tells the channels about it once. */
import "server-only";
import type { SqlRunner } from "@/lib/jobs/tx";
import type { FailingCondition } from "./rules";

export type AlertRow = Record<string, any>;
export type Transitions = { opened: AlertRow[]; resolved: AlertRow[]; reminders: AlertRow[] };

export async function applyConditions(
  q: SqlRunner,
  kinds: string[],
  failing: FailingCondition[],
  now: Date,
  reminderSeconds: number,
): Promise<Transitions> {
  const at = now.toISOString();
  const { rows: open } = await q.executeSql(
    "select id, kind, subject_key from alerts where resolved_at is null and kind = any($1::text[])",
    [`{${kinds.join(",")}}`],
  );
  const key = (k: string, s: string) => `${k}|${s}`;
  const openKeys = new Set(open.map((r) => key(r.kind, r.subject_key)));
  const failingKeys = new Set(failing.map((c) => key(c.kind, c.subjectKey)));
  const fresh = failing.filter((c) => !openKeys.has(key(c.kind, c.subjectKey)));
  const goneIds = open.filter((r) => !failingKeys.has(key(r.kind, r.subject_key))).map((r) => r.id as string);

  const opened = fresh.length
    ? (
        await q.executeSql(
          `insert into alerts (kind, subject_key, environment_id, destination_id, severity, message, details,
                               created_at, notified_at)
           select x.kind, x.subject_key, x.environment_id, x.destination_id, x.severity, x.message, x.details,
                  $2::timestamptz, $2::timestamptz
           from jsonb_to_recordset($1::jsonb) as x(kind text, subject_key text, environment_id uuid,
                destination_id uuid, severity text, message text, details jsonb)
           on conflict (kind, subject_key) where resolved_at is null do nothing
           returning *`,
          [
            JSON.stringify(
              fresh.map((c) => ({
                kind: c.kind,
                subject_key: c.subjectKey,
                environment_id: c.environmentId ?? null,
                destination_id: c.destinationId ?? null,
                severity: c.severity,
                message: c.message,
                details: c.details,
              })),
            ),
            at,
          ],
        )
      ).rows
    : [];
  const resolved = goneIds.length
    ? (
        await q.executeSql(
          "update alerts set resolved_at = $2::timestamptz where id = any($1::uuid[]) and resolved_at is null returning *",
          [`{${goneIds.join(",")}}`, at],
        )
      ).rows
    : [];
  const { rows: reminders } = await q.executeSql(
    `update alerts set notified_at = $1::timestamptz
     where resolved_at is null and acknowledged_at is null
       and (muted_until is null or muted_until <= $1::timestamptz)
       and notified_at is not null and notified_at <= $1::timestamptz - make_interval(secs => $2::int)
     returning *`,
    [at, reminderSeconds],
  );
  return { opened, resolved, reminders };
}

/** A resolved alert is announced only where its opening was, and not while it is muted. */
export function shouldAnnounceResolved(r: AlertRow, now: Date): boolean {
  const muted = r.muted_until && new Date(r.muted_until).getTime() > now.getTime();
  return Boolean(r.notified_at) && !muted;
}
