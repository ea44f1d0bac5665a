/* copy_behind: an environment's newest copy to one of its copy targets (lib/copies) failed for good, or
 * is still not done the target's `alertBehindHours` (Backup Settings' "Copy to"; default
 * `copyBehindHours`, 6) after it was queued (a copy target down for long, a worker that
 * never gets to it). One alert per (environment, copy destination); it clears when a newer copy to that
 * destination succeeds, or when the destination is no longer a copy target. One query. */
import { DEFAULT_COPY_BEHIND_HOURS } from "@/lib/copies/schema";
import { type AlertRule, ago, envSubject } from "./types";

export { DEFAULT_COPY_BEHIND_HOURS };

export const copyBehindRule: AlertRule = {
  kind: "copy_behind",
  async evaluate(q, now, opts) {
    const hours = opts.copyBehindHours ?? DEFAULT_COPY_BEHIND_HOURS;
    const rows = await q(
      `select * from (
         select distinct on (b.environment_id, c.destination_id)
                b.environment_id as env_id, e.name as env_name, p.id as project_id, p.name as project_name,
                c.destination_id as dest_id, d.name as dest_name, c.status, c.created_at, c.error, c.attempts,
                b.id as backup_id,
                coalesce((select (t->>'alertBehindHours')::numeric from jsonb_array_elements(s.copies) t
                           where t->>'destinationId' = c.destination_id::text limit 1), $2::numeric) as behind_hours
         from backup_copies c
         join backups b on b.id = c.backup_id
         join environments e on e.id = b.environment_id
         join projects p on p.id = e.project_id
         join backup_settings s on s.environment_id = e.id
         left join destinations d on d.id = c.destination_id
         where c.forgotten_at is null
           and s.copies @> jsonb_build_array(jsonb_build_object('destinationId', c.destination_id::text))
         order by b.environment_id, c.destination_id, c.created_at desc
       ) latest
       where status = 'failed'
          or (status in ('queued', 'running') and created_at < $1::timestamptz - behind_hours * interval '1 hour')`,
      [now.toISOString(), hours],
    );
    return rows.map((r) => {
      const dest = r.dest_name ?? "a deleted destination";
      const why = (r.error as { message?: string } | null)?.message?.slice(0, 300);
      const message =
        r.status === "failed"
          ? `${envSubject(r)}: the copy to ${dest} failed after ${r.attempts} attempt(s)${why ? ` (${why})` : ""}. ` +
            "Check that the destination is reachable (Verify on the Destinations page); the next backup copies again."
          : `${envSubject(r)}: the newest backup is still not copied to ${dest} ${ago(r.created_at, now)} after it ` +
            `was taken${why ? ` (last error: ${why})` : ""}. Check the destination and the worker.`;
      return {
        kind: "copy_behind" as const,
        subjectKey: `env:${r.env_id}:dest:${r.dest_id}`,
        environmentId: r.env_id,
        destinationId: r.dest_id,
        severity: "warning" as const,
        message,
        details: {
          subject: envSubject(r),
          projectId: r.project_id,
          backupId: r.backup_id,
          status: r.status,
          thresholdHours: Number(r.behind_hours),
        },
      };
    });
  },
};
