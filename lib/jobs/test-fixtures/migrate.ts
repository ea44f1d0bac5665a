/* Test fixture: applies the migrations and pg-boss's schema to DATABASE_URL, then exits. */
import { closeDb, ensureMigrated } from "@/lib/db";
import { ensureQueue, DEFAULT_QUEUE, stopBoss } from "@/lib/jobs/boss";

async function main() {
  await ensureMigrated();
  await ensureQueue(DEFAULT_QUEUE);
  await stopBoss();
  await closeDb();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
