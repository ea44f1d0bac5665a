/* destination_unreachable: the latest snapshot written to a destination (by the time it finished) could
 * not open it (network, DNS, TLS, refused credentials, missing repository). Clears when a later backup
 * reaches it. One index lookup per destination (backup_snapshots_dest_finished_idx). */
import type { AlertRule } from "./types";

const UNREACHABLE_CODES = [
  "RepoUnreachable",
  "AuthRefused",
  "TlsError",
  "RepoNotFound",
  "WrongPassword",
  "destination_unavailable",
];

export const destinationUnreachableRule: AlertRule = {
  kind: "destination_unreachable",
  async evaluate(q) {
    const rows = await q(
      `select d.id as dest_id, d.name as dest_name, s.error, s.created_at
       from destinations d
       join lateral (select bs.status, bs.error, bs.finished_at as created_at from backup_snapshots bs
                     where bs.destination_id = d.id and bs.status in ('succeeded', 'partial', 'failed')
                     order by bs.finished_at desc nulls last limit 1) s on true
       where s.status = 'failed' and s.error->>'code' = any($1::text[])`,
      [`{${UNREACHABLE_CODES.join(",")}}`],
    );
    return rows.map((r) => {
      const subject = `destination ${r.dest_name}`;
      const why = (r.error?.message as string | undefined)?.split("\n")[0]?.slice(0, 300) ?? "it could not be opened";
      return {
        kind: "destination_unreachable" as const,
        subjectKey: `dest:${r.dest_id}`,
        destinationId: r.dest_id,
        severity: "critical" as const,
        message: `Destination ${r.dest_name} could not be reached by the last backup: ${why} Use "Verify connection" on the Destinations page once it is fixed.`,
        details: { subject, code: r.error?.code ?? null },
      };
    });
  },
};
