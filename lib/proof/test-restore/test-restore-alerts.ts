/* The `test_restore_failed` alert condition: an environment whose latest finished test restore failed
 * (cancelled ones do not count). Computed for every environment in one query and handed to
 * syncAlertConditions, so a later good test restore resolves the alert. Called when a test restore
 * settles. */
import "server-only";
import { sql } from "drizzle-orm";
import { syncAlertConditions } from "@/lib/alerts/evaluate";
import type { FailingCondition } from "@/lib/alerts/rules";
import { getDb } from "@/lib/db";

type FailedRow = {
  env_id: string;
  env_name: string;
  env_type: string;
  project_id: string;
  project_name: string;
  test_restore_id: string;
  backup_id: string;
  error: { message?: string } | null;
};

export async function failingTestRestores(): Promise<FailingCondition[]> {
  const { rows } = await getDb().execute(sql`
    select e.id as env_id, e.name as env_name, e.type as env_type, p.id as project_id, p.name as project_name,
           t.id as test_restore_id, t.backup_id, t.error
    from environments e
    join projects p on p.id = e.project_id
    join lateral (select id, backup_id, status, error from test_restores
                  where environment_id = e.id and status in ('succeeded', 'failed')
                  order by coalesce(finished_at, created_at) desc limit 1) t on true
    where t.status = 'failed'`);
  return (rows as FailedRow[]).map((r) => {
    const subject = `${r.project_name} / ${r.env_name}`;
    const why = r.error?.message?.split("\n")[0]?.slice(0, 300) ?? "no reason was recorded";
    return {
      kind: "test_restore_failed" as const,
      subjectKey: `env:${r.env_id}`,
      environmentId: r.env_id,
      severity: r.env_type === "production" ? ("critical" as const) : ("warning" as const),
      message: `${subject}: the last test restore failed (${why}). Open the backup's test restore to see which check failed, fix the cause and test again.`,
      details: { subject, projectId: r.project_id, testRestoreId: r.test_restore_id, backupId: r.backup_id },
    };
  });
}

export async function syncTestRestoreAlerts(): Promise<void> {
  await syncAlertConditions(["test_restore_failed"], await failingTestRestores());
}
