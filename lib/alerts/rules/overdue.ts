/* overdue: an active environment has no good backup within its RPO target plus grace (the target is the
 * environment's own — edited, critical or by type — from lib/environments/rpo-target.ts; by default
 * production 24 h + 2 h, others 1 week + 1 day). One query for all environments; an
 * override (project or environment) can switch it off. Evaluated from the
 * database by any live panel process, so it fires even when the scheduler or every worker is down. A new
 * environment counts from its creation. Paused environments are quiet. */
import { overdueAfterSql, rpoSecondsSql, spanInWords } from "@/lib/environments/rpo-target";
import { OVERRIDE_ENABLED, overrideJoins } from "../overrides/override-sql";
import { ago, envSubject, type AlertRule } from "./types";

const RPO = rpoSecondsSql("e");
const AFTER = overdueAfterSql(RPO);

export const overdueRule: AlertRule = {
  kind: "overdue",
  async evaluate(q, now) {
    const rows = await q(
      `select * from (
         select e.id as env_id, e.type as env_type, e.name as env_name, e.created_at, e.critical,
                p.id as project_id, p.name as project_name, last.finished_at as last_good_at,
                ${RPO}::int as rpo_seconds, ${AFTER}::int as after_seconds
         from environments e
         join projects p on p.id = e.project_id
         left join lateral (select max(finished_at) as finished_at from backups
                            where environment_id = e.id and status = 'succeeded' and deleted_at is null) last on true
         ${overrideJoins("overdue")}
         where e.active and ${OVERRIDE_ENABLED}) x
       where coalesce(x.last_good_at, x.created_at) < $1::timestamptz - make_interval(secs => x.after_seconds)`,
      [now.toISOString()],
    );
    return rows.map((r) => {
      const subject = envSubject(r);
      const after = Number(r.after_seconds);
      const rpo = Number(r.rpo_seconds);
      const since = r.last_good_at
        ? `the last good backup was ${ago(r.last_good_at, now)} ago`
        : `there has been no good backup since it was created ${ago(r.created_at, now)} ago`;
      return {
        kind: "overdue" as const,
        subjectKey: `env:${r.env_id}`,
        environmentId: r.env_id,
        severity: r.env_type === "production" || r.critical ? ("critical" as const) : ("warning" as const),
        message:
          `${subject}: no good backup within ${spanInWords(after)} — ${since}. Check that its schedule is on and a ` +
          `worker is running, then run Backup now. (Its RPO target is ${spanInWords(rpo)}; the alert waits ` +
          `${spanInWords(after - rpo)} more for a running backup to finish.)`,
        details: {
          subject,
          projectId: r.project_id,
          lastGoodAt: r.last_good_at ?? null,
          thresholdHours: after / 3600,
          rpoSeconds: rpo,
        },
      };
    });
  },
};
