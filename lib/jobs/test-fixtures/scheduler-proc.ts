/* Test fixture: a scheduler process on DATABASE_URL. Every active environment gets the schedule
 * `* * * * *` (UTC); a won slot is recorded in scheduler_fired with this process's pid. It ticks as
 * fast as it can for SCHED_RUN_MS so two of these race on the same slots. */
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/lib/db";
import { schedulerTick } from "@/lib/jobs/scheduler";

async function main() {
  const until = Date.now() + Number(process.env.SCHED_RUN_MS ?? 3000);
  let ticks = 0;
  while (Date.now() < until) {
    await schedulerTick({
      listScheduled: async () => {
        const res = await getDb().execute<{ id: string }>(sql`select id from environments where active`);
        return res.rows.map((r) => ({
          environmentId: r.id,
          schedules: [{ cron: "* * * * *", timezone: "UTC" }],
          since: null,
        }));
      },
      prepare: async () => async (q, won) => {
        for (const slot of won) {
          await q.executeSql("insert into scheduler_fired (environment_id, slot, pid) values ($1, $2, $3)", [
            slot.environmentId,
            slot.slot.toISOString(),
            process.pid,
          ]);
        }
      },
    });
    ticks++;
  }
  console.log(JSON.stringify({ ticks }));
  await closeDb();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
