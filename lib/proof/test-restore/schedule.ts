/* Scheduled test restores: a leased loop (lib/jobs/leased-loop.ts, one process at a time decides) that,
 * per active environment whose test-restore schedule is on, fires one test restore of its newest good
 * backup per slot (every `intervalDays`: weekly for production, monthly for the others by default).
 * The slot is recorded on the row (unique per environment), so a slot fires once cluster-wide even when
 * the lease changes hands mid-pass. An environment test-restored (by hand or schedule) within the
 * interval is not fired again. */
import "server-only";
import { sql } from "drizzle-orm";
import { listEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { getDb } from "@/lib/db";
import { startLeasedLoop, type LeasedLoop } from "@/lib/jobs/leased-loop";
import { logger } from "@/lib/logger";
import { createTestRestore } from "./create-test-restore";

const DAY_MS = 86_400_000;

export function slotFor(intervalDays: number, now: Date): string {
  return `${intervalDays}d:${Math.floor(now.getTime() / (intervalDays * DAY_MS))}`;
}

/** One pass: fires what is due now; returns the ids of the test restores it created. */
export async function fireDueTestRestores(now: Date = new Date()): Promise<string[]> {
  const due = (await listEffectiveSettings({ activeOnly: true })).filter((s) => s.testRestore.enabled);
  const fired: string[] = [];
  for (const s of due) {
    const since = new Date(now.getTime() - s.testRestore.intervalDays * DAY_MS).toISOString();
    const { rows } = await getDb().execute(sql`
      select (select id from backups where environment_id = ${s.environmentId} and status = 'succeeded'
                and deleted_at is null and primary_forgotten_at is null order by created_at desc limit 1) as backup_id,
             exists (select 1 from test_restores where environment_id = ${s.environmentId}
                and created_at > ${since}::timestamptz and status <> 'cancelled') as recent`);
    const r = rows[0] as { backup_id: string | null; recent: boolean } | undefined;
    if (!r?.backup_id || r.recent) continue;
    try {
      const out = await createTestRestore({
        backupId: r.backup_id,
        trigger: "scheduled",
        slot: slotFor(s.testRestore.intervalDays, now),
      });
      if (out) fired.push(out.id);
    } catch (e) {
      logger().warn(
        { environmentId: s.environmentId, err: (e as Error).message },
        "could not start a scheduled test restore",
      );
    }
  }
  return fired;
}

export function startTestRestoreScheduler(opts: { intervalSeconds?: number } = {}): LeasedLoop {
  return startLeasedLoop({
    leaseKey: "proof.test-restores.lease",
    name: "test-restore scheduler",
    intervalSeconds: opts.intervalSeconds ?? 300,
    run: async (now) => {
      await fireDueTestRestores(now);
    },
  });
}
