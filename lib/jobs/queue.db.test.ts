/* The durable queue on both databases (db-pglite and db-postgres): enqueue → claim → complete, a failing
 * attempt retried, cancel of a running and of a queued job, and a job whose worker died (stale
 * heartbeat) taken over by another worker after the lease. Real pg-boss, real database. */
import { afterAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { call, seedUser } from "@/lib/auth/test-fixtures";
import * as cancelRoute from "@/app/api/v1/jobs/[id]/cancel/route";
import { getBoss, stopBoss } from "./boss";
import { cancelJob } from "./cancel";
import { claimJobRow, getJobRow, parseBossRef } from "./job-rows";
import { enqueueJob, type JobPayload } from "./queue";
import { startWorker, type JobHandlers, type RunningWorker } from "./worker";

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const settled = (id: string) =>
  waitFor(`job ${id} to settle`, async () => {
    const r = await getJobRow(id);
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });

const runs: Record<string, number> = {};
const handlers: JobHandlers = {
  probe: {
    async run(ctx) {
      runs[ctx.jobId] = (runs[ctx.jobId] ?? 0) + 1;
      const p = ctx.payload.params ?? {};
      if (p.failFirst && ctx.attempt === 1) throw new Error("First attempt fails on purpose.");
      if (p.waitForCancel) {
        ctx.progress({ percent: 10, bytesDone: 1, bytesTotal: 10, filesDone: 0, etaSeconds: null });
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
        return { status: "failed", error: { code: "aborted", message: "aborted" } };
      }
      await ctx.log("info", `ran attempt ${ctx.attempt}`);
      return { status: "succeeded" };
    },
  },
};

let worker: RunningWorker | undefined;
afterAll(async () => {
  await worker?.stop(1000);
  await stopBoss();
});

describe("job queue", () => {
  it("runs a job once and records it", async () => {
    worker = startWorker({ handlers, concurrency: 2, pollMs: 100, leaseSeconds: 3 });
    const id = await enqueueJob({ kind: "probe" });
    const row = await settled(id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(1);
    expect(row.log.map((l) => l.message)).toContain("ran attempt 1");
    expect(runs[id]).toBe(1);
    const { queue } = parseBossRef(row.bossJobId!);
    const boss = await getBoss();
    // The worker settles the row first and then completes pg-boss's job: wait for the second write.
    const state = await waitFor(
      "pg-boss to record the job completed",
      async () => {
        const s = (await boss.getJobById(queue, id))?.state;
        return s === "completed" ? s : undefined;
      },
      10_000,
    ).catch(async () => (await boss.getJobById(queue, id))?.state);
    expect(state).toBe("completed");
  });

  it("retries a failed attempt and succeeds", async () => {
    const id = await enqueueJob({ kind: "probe", params: { failFirst: true } });
    const row = await settled(id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(2);
    expect(row.log.some((l) => l.message.includes("First attempt fails on purpose"))).toBe(true);
  });

  it("cancels a running job through its AbortSignal", async () => {
    const id = await enqueueJob({ kind: "probe", params: { waitForCancel: true } });
    await waitFor("running", async () => (await getJobRow(id))?.status === "running");
    await waitFor("progress", async () => (await getJobRow(id))?.progress?.percent === 10);
    await cancelJob(id, SYSTEM_ACTOR);
    const row = await settled(id);
    expect(row.status).toBe("cancelled");
  });

  it("cancels a queued job before any worker runs it", async () => {
    await worker?.stop(1000);
    worker = undefined;
    const id = await enqueueJob({ kind: "probe" });
    const res = await cancelJob(id, SYSTEM_ACTOR);
    expect(res.status).toBe("cancelled");
    worker = startWorker({ handlers, concurrency: 2, pollMs: 100, leaseSeconds: 3 });
    const probe = await enqueueJob({ kind: "probe" });
    await settled(probe);
    expect(runs[id]).toBeUndefined();
    expect((await getJobRow(id))?.status).toBe("cancelled");
    await expect(cancelJob(id, SYSTEM_ACTOR)).rejects.toThrow(/already finished/);
    const viewer = await seedUser("viewer");
    const refused = await call(cancelRoute.POST, { method: "POST", token: viewer.token, params: { id } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/operator/);
  });

  it("hands a job whose worker died to another worker after the lease", async () => {
    await worker?.stop(1000);
    worker = undefined;
    const id = await enqueueJob({ kind: "probe" });
    // A "dead" worker: claims the job in pg-boss and in the row, then never sends a heartbeat.
    const row0 = await getJobRow(id);
    const { queue } = parseBossRef(row0!.bossJobId!);
    const boss = await getBoss();
    const [claimed] = await boss.fetch<JobPayload>(queue, { batchSize: 1 });
    expect(claimed?.id).toBe(id);
    await claimJobRow(id, 1, "dead-worker");
    await getDb()
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - 60_000) })
      .where(eq(jobs.id, id));
    worker = startWorker({ handlers, concurrency: 2, pollMs: 100, leaseSeconds: 3 });
    const row = await settled(id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(2);
    expect(row.log.some((l) => l.message.includes("stopped responding"))).toBe(true);
    expect(runs[id]).toBe(1);
  });

  it("hands a job fetched by a worker that died before it claimed the row to another worker", async () => {
    await worker?.stop(1000);
    worker = undefined;
    const id = await enqueueJob({ kind: "probe" });
    // A worker killed between pg-boss's fetch and its claim of the row: the row stays "queued", with no
    // heartbeat to go stale, while pg-boss holds the job "active".
    const { queue } = parseBossRef((await getJobRow(id))!.bossJobId!);
    const boss = await getBoss();
    const [fetched] = await boss.fetch<JobPayload>(queue, { batchSize: 1 });
    expect(fetched?.id).toBe(id);
    await getDb().execute(sql`update pgboss.job set started_on = now() - interval '60 seconds' where id = ${id}`);
    worker = startWorker({ handlers, concurrency: 2, pollMs: 100, leaseSeconds: 3 });
    const row = await settled(id);
    expect(row.status).toBe("succeeded");
    expect(row.attempts).toBe(2);
    expect(row.log.some((l) => l.message.includes("stopped responding before it started"))).toBe(true);
    expect(runs[id]).toBe(1);
  });
});
