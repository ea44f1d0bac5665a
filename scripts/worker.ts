/* `npm run worker`: a Lifeboat worker on any host that reaches the panel's PostgreSQL (DATABASE_URL).
 * Claims jobs from the default queue and from the queues of LIFEBOAT_WORKER_LABELS, runs up to
 * LIFEBOAT_WORKER_CONCURRENCY at once, and runs the scheduler too unless LIFEBOAT_SCHEDULER=off (each due
 * slot still fires once). Run with `tsx --conditions=react-server` so server-only modules load. On
 * SIGTERM/SIGINT it stops claiming, lets running jobs finish (30 s), and exits. */
import { env } from "@/lib/env";
import { closeDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { startBackgroundServices } from "@/lib/job-kinds";

async function main() {
  if (!env().DATABASE_URL) {
    console.error(
      "The worker needs DATABASE_URL (the panel's PostgreSQL). With the embedded database the panel runs its own worker; no separate process is needed.",
    );
    process.exit(2);
  }
  const services = await startBackgroundServices({ worker: true });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, "worker stopping");
    await services.stop();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e) => {
  console.error(`Worker failed to start: ${(e as Error).message}`);
  process.exit(1);
});
