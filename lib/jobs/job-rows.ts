/* Lifeboat's `jobs` rows: what people see of a queued job (status, progress, log, attempts, heartbeat,
 * cancel requests). pg-boss owns delivery; these functions only write the mirror row.
 * Invariant: every write made by a running attempt is conditioned on `attempts = <its attempt>`, so a
 * worker that lost its lease (and was replaced) cannot overwrite what the new attempt writes. */
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import type { ErrorInfo } from "@/lib/db/schema/backups";
import type { JobLogLine, JobProgress, JobStatus } from "@/lib/db/schema/jobs";

const MAX_LOG_LINES = 500;

export type JobRow = typeof jobs.$inferSelect;

/** Encodes where the pg-boss job lives: "<queue>/<id>". */
export function bossRef(queue: string, id: string): string {
  return `${queue}/${id}`;
}
export function parseBossRef(ref: string): { queue: string; id: string } {
  const i = ref.lastIndexOf("/");
  return { queue: ref.slice(0, i), id: ref.slice(i + 1) };
}

export async function getJobRow(id: string): Promise<JobRow | undefined> {
  const [row] = await getDb().select().from(jobs).where(eq(jobs.id, id));
  return row;
}

/** Marks the row running for `attempt`; returns the row, or undefined when the job must not run
 * (cancelled while queued, already finished). */
export async function claimJobRow(id: string, attempt: number, workerId: string): Promise<JobRow | undefined> {
  const [row] = await getDb()
    .update(jobs)
    .set({
      status: "running",
      attempts: attempt,
      workerId,
      heartbeatAt: sql`now()`,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
    })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "running"]), eq(jobs.cancelRequested, false)))
    .returning();
  return row;
}

/** Heartbeat of a running attempt. Returns whether cancel was requested, or "lost" when another attempt
 * owns the job now. */
export async function heartbeatJobRow(id: string, attempt: number): Promise<"ok" | "cancel" | "lost"> {
  const [row] = await getDb()
    .update(jobs)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.attempts, attempt), eq(jobs.status, "running")))
    .returning({ cancelRequested: jobs.cancelRequested });
  if (!row) return "lost";
  return row.cancelRequested ? "cancel" : "ok";
}

export async function writeJobProgress(id: string, attempt: number, progress: JobProgress): Promise<void> {
  await getDb()
    .update(jobs)
    .set({ progress })
    .where(and(eq(jobs.id, id), eq(jobs.attempts, attempt)));
}

export async function appendJobLog(id: string, level: JobLogLine["level"], message: string): Promise<void> {
  const line: JobLogLine = { at: new Date().toISOString(), level, message: message.slice(0, 2000) };
  await getDb().execute(sql`
    update jobs set log = case when jsonb_array_length(log) >= ${MAX_LOG_LINES}
                               then (log - 0) || ${JSON.stringify([line])}::jsonb
                               else log || ${JSON.stringify([line])}::jsonb end
    where id = ${id}`);
}

export async function finishJobRow(
  id: string,
  attempt: number | null,
  status: Exclude<JobStatus, "queued" | "running">,
  error?: ErrorInfo | null,
): Promise<boolean> {
  const where = attempt == null ? eq(jobs.id, id) : and(eq(jobs.id, id), eq(jobs.attempts, attempt));
  const rows = await getDb()
    .update(jobs)
    .set({ status, error: error ?? null, finishedAt: sql`now()` })
    .where(and(where, inArray(jobs.status, ["queued", "running"])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** The attempt failed and pg-boss will retry it: back to queued, with a line saying why. */
export async function requeueJobRow(id: string, attempt: number, why: string): Promise<void> {
  await getDb()
    .update(jobs)
    .set({ status: "queued", heartbeatAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.attempts, attempt), eq(jobs.status, "running")));
  await appendJobLog(id, "warn", why);
}

/** Running rows whose heartbeat is older than the lease, taken over atomically (compare-and-set), so
 * only one reaper hands each one back to the queue. */
export async function takeStaleJobRows(leaseSeconds: number): Promise<JobRow[]> {
  return getDb()
    .update(jobs)
    .set({ status: "queued", heartbeatAt: null })
    .where(and(eq(jobs.status, "running"), sql`${jobs.heartbeatAt} < now() - make_interval(secs => ${leaseSeconds})`))
    .returning();
}

/** Rows still "queued" whose pg-boss job is past the point where a worker would have claimed the row:
 * fetched ("active") more than twice the lease ago (at least 30 s: a slow database must not look like a
 * dead worker) by a worker that died before its claim (the claim follows the fetch by one statement), or
 * already "failed" by a reaper that died before it settled the row. No heartbeat covers either window,
 * so without this the row would wait for pg-boss's 23-hour expiry. */
export async function unclaimedJobRows(
  leaseSeconds: number,
): Promise<{ row: JobRow; bossState: "active" | "failed" }[]> {
  const { rows } = await getDb().execute(sql`
    select j.id, b.state::text as boss_state
    from ${jobs} j
    join pgboss.job b on b.id = substring(j.boss_job_id from '[^/]+$')::uuid
    where j.status = 'queued' and j.boss_job_id is not null
      and (b.state = 'failed'
        or (b.state = 'active' and b.started_on < now() - make_interval(secs => ${Math.max(2 * leaseSeconds, 30)})))`);
  const found = rows as { id: string; boss_state: "active" | "failed" }[];
  const out: { row: JobRow; bossState: "active" | "failed" }[] = [];
  for (const f of found) {
    const row = await getJobRow(f.id);
    if (row?.status === "queued") out.push({ row, bossState: f.boss_state });
  }
  return out;
}
