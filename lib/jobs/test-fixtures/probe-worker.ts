/* Test fixture (integration tests and bench only): a real worker process on DATABASE_URL whose "probe"
 * jobs record which process ran them (table probe_runs) — the queue machinery is what is under test.
 * With PROBE_REAL_RUNNERS=1 it also runs the real job kinds (lib/job-kinds.ts); PROBE_AS=backup makes
 * the probe answer backup jobs (the bench measures claim throughput of the queue, not restic).
 * Env: PROBE_CONCURRENCY, PROBE_POLL_MS, LIFEBOAT_WORKER_LABELS. The worker id names the host and pid. */
import os from "node:os";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { startWorker } from "@/lib/jobs/worker";

async function main() {
  const real = process.env.PROBE_REAL_RUNNERS === "1" ? (await import("@/lib/job-kinds")).jobHandlers() : {};
  const worker = startWorker({
    concurrency: Number(process.env.PROBE_CONCURRENCY ?? 2),
    pollMs: Number(process.env.PROBE_POLL_MS ?? 200),
    workerId: `probe-${os.hostname()}-${process.pid}`,
    handlers: {
      ...real,
      [process.env.PROBE_AS ?? "probe"]: {
        async run(ctx) {
          await getDb().execute(
            sql`insert into probe_runs (job_id, worker, attempt) values (${ctx.jobId}, ${ctx.workerId}, ${ctx.attempt})`,
          );
          return { status: "succeeded" };
        },
      },
    },
  });
  console.log("probe worker ready");

  const stop = async () => {
    await worker.stop(5000);
    await stopBoss();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
