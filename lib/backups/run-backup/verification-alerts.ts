/* The alert conditions a backup's verification raises, derived from each environment's latest finished
 * backup that was verified (safety backups aside): `verification_failed` while it failed verification,
 * `size_anomaly` while one of its size checks warns. A later normal backup resolves them. Computed as
 * the complete set of both kinds (syncAlertConditions' contract) after every backup run. */
import "server-only";
import { getDb } from "@/lib/db";
import { syncAlertConditions } from "@/lib/alerts/evaluate";
import { envSubject, type FailingCondition } from "@/lib/alerts/rules/types";
import type { TVerification } from "@/lib/proof/schema";
import { sql } from "drizzle-orm";
import { SIZE_CHECK } from "./size-check";
import { NOTHING_SAVED_CHECK } from "./verify-backup";

type VerifiedRow = {
  env_id: string;
  env_type: string;
  env_name: string;
  project_id: string;
  project_name: string;
  backup_id: string;
  verification: TVerification;
};

export const VERIFICATION_ALERT_KINDS = ["verification_failed", "size_anomaly"];

export async function verificationConditions(): Promise<FailingCondition[]> {
  const { rows } = await getDb().execute(sql`
    select e.id as env_id, e.type as env_type, e.name as env_name, p.id as project_id, p.name as project_name,
           b.id as backup_id, b.verification
    from environments e
    join projects p on p.id = e.project_id
    join lateral (select id, verification from backups
                  where environment_id = e.id and deleted_at is null and trigger <> 'safety'
                    and verification is not null and status in ('succeeded', 'partial', 'failed')
                  order by created_at desc limit 1) b on true
    where b.verification->>'status' in ('warning', 'failed')`);
  const out: FailingCondition[] = [];
  for (const r of rows as VerifiedRow[]) {
    const v = r.verification as TVerification;
    const subject = envSubject(r);
    const details = { subject, projectId: r.project_id, backupId: r.backup_id };
    // A backup that saved nothing has failed, and backup_failed says so; verification only alerts on a
    // saved snapshot that did not pass its checks.
    const failed = v.checks.filter((c) => c.status === "failed" && c.name !== NOTHING_SAVED_CHECK);
    if (v.status === "failed" && failed.length) {
      out.push({
        kind: "verification_failed",
        subjectKey: `env:${r.env_id}`,
        environmentId: r.env_id,
        severity: r.env_type === "production" ? "critical" : "warning",
        message: `${subject}: the last backup failed verification (${
          failed
            .map((c) => `${c.name}: ${c.message}`)
            .join(" · ")
            .slice(0, 400) || "no check passed"
        }). Open the backup to see each check.`,
        details,
      });
    }
    const size = v.checks.filter((c) => c.name.startsWith(SIZE_CHECK) && c.status === "warning");
    if (size.length) {
      out.push({
        kind: "size_anomaly",
        subjectKey: `env:${r.env_id}`,
        environmentId: r.env_id,
        severity: "warning",
        message: `${subject}: ${size
          .map((c) => `${c.name.replace(`${SIZE_CHECK} · `, "")} — ${c.message}`)
          .join(" · ")
          .slice(0, 500)}`,
        details,
      });
    }
  }
  return out;
}

export async function syncVerificationAlerts(): Promise<void> {
  await syncAlertConditions(VERIFICATION_ALERT_KINDS, await verificationConditions());
}
