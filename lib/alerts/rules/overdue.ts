/* overdue: an active environment has no good backup within its RPO (production 26 h, others 8 days by
 * default). Evaluated from the database by any live panel process, so it fires even when the scheduler
 * or every worker is down. A new environment counts from its creation. Paused environments are quiet. */
import { OVERRIDE_ENABLED, overrideJoins } from "../overrides/override-sql";
import { ago, envSubject, type AlertRule } from "./types";

export const overdueRule: AlertRule = {
  kind: "overdue",
  async evaluate(q, now, opts) {
    const rows = await q(
      `select e.id as env_id, e.type as env_type, e.name as env_name, e.created_at, p.id as project_id,
              p.name as project_name, last.finished_at as last_good_at
       from environments e
       join projects p on p.id = e.project_id
       left join lateral (select max(finished_at) as finished_at from backups
                          where environment_id = e.id and status = 'succeeded' and deleted_at is null) last on true
       ${overrideJoins("overdue")}
       where e.active and ${OVERRIDE_ENABLED}
         and coalesce(last.finished_at, e.created_at) < $1::timestamptz - make_interval(hours =>
               case e.type when 'production' then $2::int when 'staging' then $3::int else $4::int end)`,
      [now.toISOString(), opts.overdueHours.production, opts.overdueHours.staging, opts.overdueHours.development],
    );
    return rows.map((r) => {
      const subject = envSubject(r);
      const hours = opts.overdueHours[r.env_type as keyof typeof opts.overdueHours];
      const since = r.last_good_at
        ? `the last good backup was ${ago(r.last_good_at, now)} ago`
        : `there has been no good backup since it was created ${ago(r.created_at, now)} ago`;
      return {
        kind: "overdue" as const,
        subjectKey: `env:${r.env_id}`,
        environmentId: r.env_id,
        severity: r.env_type === "production" ? ("critical" as const) : ("warning" as const),
        message: `${subject}: no good backup within ${hours} h — ${since}. Check that its schedule is on and a worker is running, then run Backup now.`,
        details: { subject, projectId: r.project_id, lastGoodAt: r.last_good_at ?? null, thresholdHours: hours },
      };
    });
  },
};
