/* backup_failed: the environment's latest finished backup failed or was partial (cancelled ones do not
 * count). Clears when a later backup succeeds. Production failures are critical. */
import { OVERRIDE_ENABLED, overrideJoins } from "../overrides/override-sql";
import { envSubject, type AlertRule } from "./types";

export const backupFailedRule: AlertRule = {
  kind: "backup_failed",
  async evaluate(q) {
    const rows = await q(
      `select e.id as env_id, e.type as env_type, e.name as env_name, p.id as project_id, p.name as project_name,
              b.id as backup_id, b.status, b.error, b.finished_at
       from environments e
       join projects p on p.id = e.project_id
       join lateral (select id, status, error, finished_at from backups
                     where environment_id = e.id and deleted_at is null
                       and status in ('succeeded', 'partial', 'failed')
                     order by created_at desc limit 1) b on true
       ${overrideJoins("backup_failed")}
       where b.status in ('failed', 'partial') and ${OVERRIDE_ENABLED}`,
      [],
    );
    return rows.map((r) => {
      const subject = envSubject(r);
      const why = (r.error?.message as string | undefined)?.split("\n")[0]?.slice(0, 300) ?? "no reason was recorded";
      const partial = r.status === "partial";
      return {
        kind: "backup_failed" as const,
        subjectKey: `env:${r.env_id}`,
        environmentId: r.env_id,
        severity: partial
          ? ("warning" as const)
          : r.env_type === "production"
            ? ("critical" as const)
            : ("warning" as const),
        message: partial
          ? `${subject}: the last backup was only partly saved (${why}). Open the backup's log to see what was skipped.`
          : `${subject}: the last backup failed (${why}). Open the backup's log, fix the cause and run Backup now.`,
        details: { subject, projectId: r.project_id, backupId: r.backup_id, status: r.status },
      };
    });
  },
};
