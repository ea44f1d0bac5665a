/* job_stuck: a job no worker is doing. Two shapes: a "running" job without a heartbeat for far longer
 * than its lease (its worker died and none has taken it over), and a job still queued — never started —
 * for that long while no worker that serves its queue is alive (no worker at all, or, for a job pinned to a
 * label, no live worker that has ever run a job of that label: "waiting for a worker labelled host-b").
 * A worker busy with other jobs counts as alive: its queue is being served. Clears when the job starts,
 * finishes or is cancelled. */
import { OVERRIDE_ENABLED, overrideJoins, overrideThreshold } from "../overrides/override-sql";
import { ago, type AlertRule, type FailingCondition, type QueryRows } from "./types";

const SUBJECT_COLUMNS = `j.id as job_id, j.kind as job_kind, j.environment_id as env_id, j.worker_label,
       e.name as env_name, p.id as project_id, p.name as project_name`;
const SUBJECT_JOINS = `left join environments e on e.id = j.environment_id
       left join projects p on p.id = e.project_id
       ${overrideJoins("job_stuck")}`;
const PAST_BOUND = `< $1::timestamptz - make_interval(secs => ${overrideThreshold("$2::int / 60.0")} * 60)`;

async function silentRunningJobs(q: QueryRows, now: Date, stuckAfterSeconds: number) {
  return q(
    `select ${SUBJECT_COLUMNS}, coalesce(j.heartbeat_at, j.started_at, j.created_at) as last_sign
       from jobs j
       ${SUBJECT_JOINS}
       where j.status = 'running' and ${OVERRIDE_ENABLED}
         and coalesce(j.heartbeat_at, j.started_at, j.created_at) ${PAST_BOUND}`,
    [now.toISOString(), stuckAfterSeconds],
  );
}

/** Queued and never started for longer than the bound, with no live worker serving its queue. A worker
 * is alive when one of its running jobs has a heartbeat within the bound; it serves a label when it has
 * ever run a job pinned to that label (worker ids change at each start, and a freshly started idle worker
 * claims the job at once, so history is enough). Retries waiting for their back-off (attempts > 0) are
 * left out: their delay is pg-boss's, not a missing worker. */
async function unservedQueuedJobs(q: QueryRows, now: Date, stuckAfterSeconds: number) {
  return q(
    `with live as (
       select distinct worker_id from jobs
       where status = 'running' and worker_id is not null
         and coalesce(heartbeat_at, started_at)
             between $1::timestamptz - make_interval(secs => $2::int) and $1::timestamptz + make_interval(secs => $2::int)
     )
     select ${SUBJECT_COLUMNS}, j.created_at as last_sign
       from jobs j
       ${SUBJECT_JOINS}
       where j.status = 'queued' and j.attempts = 0 and ${OVERRIDE_ENABLED}
         and j.created_at ${PAST_BOUND}
         and not exists (
           select 1 from live l
           where j.worker_label is null
              or exists (select 1 from jobs h where h.worker_id = l.worker_id and h.worker_label = j.worker_label)
         )`,
    [now.toISOString(), stuckAfterSeconds],
  );
}

type Row = Awaited<ReturnType<QueryRows>>[number];

const whereOf = (r: Row) => (r.env_name ? ` of ${r.project_name} / ${r.env_name}` : "");

function condition(r: Row, message: string): FailingCondition {
  return {
    kind: "job_stuck",
    subjectKey: `job:${r.job_id}`,
    ...(r.env_id ? { environmentId: r.env_id } : {}),
    severity: "warning",
    message,
    details: { subject: `${r.job_kind} job${whereOf(r)}`, projectId: r.project_id ?? undefined, jobId: r.job_id },
  };
}

export const jobStuckRule: AlertRule = {
  kind: "job_stuck",
  async evaluate(q, now, opts) {
    const [silent, unserved] = await Promise.all([
      silentRunningJobs(q, now, opts.stuckAfterSeconds),
      unservedQueuedJobs(q, now, opts.stuckAfterSeconds),
    ]);
    return [
      ...silent.map((r) =>
        condition(
          r,
          `The ${r.job_kind} job${whereOf(r)} has shown no sign of life for ${ago(r.last_sign, now)}. Check that a worker is running (its log says why it stopped); cancel the job if it cannot finish.`,
        ),
      ),
      ...unserved.map((r) => {
        const whom = r.worker_label ? `a worker labelled ${r.worker_label}` : "a worker";
        const start = r.worker_label
          ? `Start the worker on that host (npm run worker with LIFEBOAT_WORKER_LABELS=${r.worker_label})`
          : "Start a worker (npm run worker), or the panel with its embedded worker";
        return condition(
          r,
          `The ${r.job_kind} job${whereOf(r)} has waited ${ago(r.last_sign, now)} for ${whom}, and none is running. ${start}; cancel the job if it is no longer wanted.`,
        );
      }),
    ];
  },
};
