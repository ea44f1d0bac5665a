/* job_stuck: a job has been "running" without a heartbeat for far longer than its lease, so no worker
 * is doing it and none has taken it over. Clears when the job finishes (or a worker picks it up). */
import { OVERRIDE_ENABLED, overrideJoins, overrideThreshold } from "../overrides/override-sql";
import { ago, type AlertRule } from "./types";

export const jobStuckRule: AlertRule = {
  kind: "job_stuck",
  async evaluate(q, now, opts) {
    const rows = await q(
      `select j.id as job_id, j.kind as job_kind, j.environment_id as env_id,
              coalesce(j.heartbeat_at, j.started_at, j.created_at) as last_sign,
              e.name as env_name, p.id as project_id, p.name as project_name
       from jobs j
       left join environments e on e.id = j.environment_id
       left join projects p on p.id = e.project_id
       ${overrideJoins("job_stuck")}
       where j.status = 'running' and ${OVERRIDE_ENABLED}
         and coalesce(j.heartbeat_at, j.started_at, j.created_at) < $1::timestamptz
               - make_interval(secs => ${overrideThreshold("$2::int / 60.0")} * 60)`,
      [now.toISOString(), opts.stuckAfterSeconds],
    );
    return rows.map((r) => {
      const where = r.env_name ? ` of ${r.project_name} / ${r.env_name}` : "";
      const subject = `${r.job_kind} job${where}`;
      return {
        kind: "job_stuck" as const,
        subjectKey: `job:${r.job_id}`,
        ...(r.env_id ? { environmentId: r.env_id } : {}),
        severity: "warning" as const,
        message: `The ${r.job_kind} job${where} has shown no sign of life for ${ago(r.last_sign, now)}. Check that a worker is running (its log says why it stopped); cancel the job if it cannot finish.`,
        details: { subject, projectId: r.project_id ?? undefined, jobId: r.job_id },
      };
    });
  },
};
