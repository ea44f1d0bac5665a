/* check_failed: the latest finished integrity check of a destination failed — damaged packs (naming how
 * many backups depend on them) or a check that could not run. Clears when a later check succeeds. */
import type { AlertRule } from "./types";

export const checkFailedRule: AlertRule = {
  kind: "check_failed",
  async evaluate(q) {
    const rows = await q(
      `select d.id as dest_id, d.name as dest_name, c.id as check_id, c.errors, c.damaged_packs,
              c.damaged_backup_ids, c.finished_at
       from destinations d
       join lateral (select id, status, errors, damaged_packs, damaged_backup_ids, finished_at
                     from integrity_checks
                     where destination_id = d.id and status in ('succeeded', 'failed')
                     order by finished_at desc limit 1) c on true
       where c.status = 'failed'`,
      [],
    );
    return rows.map((r) => {
      const packs = (r.damaged_packs as string[]).length;
      const hit = (r.damaged_backup_ids as string[]).length;
      const first = ((r.errors as { message: string }[])[0]?.message ?? "no reason was recorded").slice(0, 300);
      const message = packs
        ? `Destination ${r.dest_name}: the integrity check found ${packs} damaged pack(s); ${hit} backup(s) depend ` +
          "on them and are marked damaged. Run a new backup of the affected environments (to another destination " +
          "if you can), then repair the repository (restic repair / rebuild-index) from the recovery kit."
        : `Destination ${r.dest_name}: the integrity check failed (${first}). Open the check's log on the ` +
          "Destinations page and run Check now once it is fixed.";
      return {
        kind: "check_failed" as const,
        subjectKey: `dest:${r.dest_id}`,
        destinationId: r.dest_id,
        severity: "critical" as const,
        message,
        details: { subject: `destination ${r.dest_name}`, checkId: r.check_id, damagedBackups: hit },
      };
    });
  },
};
