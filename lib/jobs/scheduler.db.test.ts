/* Scheduler rules on both databases: after downtime a missed schedule runs once (its latest slot),
 * marked catch-up, and a second scheduler (another process: empty cache) does not fire it again; a
 * paused environment never runs; a schedule seen before fires from its cached next slot, on time; jobs
 * of an environment whose directory source is pinned to a worker label go to that label's queue. */
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, jobs, scheduleRuns } from "@/lib/db/schema";
import { prepareScheduledBackups } from "@/lib/backups/create-backup";
import { stopBoss } from "./boss";
import { getJobRow } from "./job-rows";
import { listScheduledEnvironments } from "@/lib/backup-settings/scheduled-environments";
import { schedulerTick, type FiredSlot, type NextSlotCache, type ScheduledEnvironment } from "./scheduler";
import { seedDestination, seedEnvironment } from "./test-fixtures/seed";
import { startWorker } from "./worker";

afterAll(async () => {
  await stopBoss();
});

const minute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

describe("scheduler", () => {
  it("catches up once after downtime, never for paused environments, once across schedulers", async () => {
    const dest = await seedDestination("/tmp/lb-sched-unused");
    const every = [{ cron: "* * * * *", timezone: "UTC" }];
    const src = [{ name: "files", type: "directory" as const, config: { path: "/tmp" } }];
    const a = await seedEnvironment({ slug: "a", sources: src, destinationIds: [dest.id], schedules: every });
    const paused = await seedEnvironment({ slug: "b", sources: src, destinationIds: [dest.id], schedules: every });
    await getDb().update(environments).set({ active: false }).where(eq(environments.id, paused.env.id));
    // Downtime: the last slot that fired was ten minutes ago.
    const now = new Date(Date.now() + 60_000);
    const last = new Date(minute(now).getTime() - 10 * 60_000);
    await getDb().insert(scheduleRuns).values({ environmentId: a.env.id, scheduleKey: "* * * * *|UTC", slot: last });

    const fired: FiredSlot[] = [];
    const opts = {
      listScheduled: listScheduledEnvironments,
      prepare: async (ids: string[], envs: ScheduledEnvironment[]) => {
        const fire = await prepareScheduledBackups(ids, envs); // the settings listScheduled read, not again
        return async (q: Parameters<typeof fire>[0], won: FiredSlot[]) => {
          fired.push(...won);
          return fire(q, won);
        };
      },
      now: () => now,
    };
    const cache: NextSlotCache = new Map();
    const won = await schedulerTick(opts, cache);
    expect(won.map((w) => w.environmentId)).toEqual([a.env.id]);
    expect(won[0]!.slot.getTime()).toBe(minute(now).getTime()); // the latest slot only, not ten
    expect(won[0]!.catchUp).toBe(true);
    const runs = await getDb().select().from(scheduleRuns).where(eq(scheduleRuns.environmentId, a.env.id));
    expect(runs.length).toBe(2);
    const run = runs.find((r) => r.slot.getTime() === minute(now).getTime())!;
    expect(run.catchUp).toBe(true);
    expect(run.backupId).toBeTruthy();
    const [job] = await getDb().select().from(jobs).where(eq(jobs.subjectId, run.backupId!));
    expect(job?.status).toBe("queued");

    // Another scheduler process (its own empty cache) at the same instant: nothing left to fire.
    expect(await schedulerTick(opts, new Map())).toEqual([]);
    // The same scheduler a minute later fires the next slot on time from its cache.
    const later = new Date(minute(now).getTime() + 60_000 + 500);
    const next = await schedulerTick({ ...opts, now: () => later }, cache);
    expect(next.map((w) => [w.environmentId, w.slot.getTime(), w.catchUp])).toEqual([
      [a.env.id, later.getTime() - 500, false],
    ]);
    expect(fired.some((f) => f.environmentId === paused.env.id)).toBe(false);
  });

  it("routes the jobs of a source pinned to a worker label to that label's queue", async () => {
    const dest = await seedDestination("/tmp/lb-sched-unused-2");
    const pinned = await seedEnvironment({
      slug: "nas",
      sources: [{ name: "files", type: "directory", config: { path: "/srv/files" }, workerLabel: "nas-1" }],
      destinationIds: [dest.id],
    });
    const fire = await prepareScheduledBackups([pinned.env.id]);
    const { inTransaction } = await import("./tx");
    await inTransaction((q) =>
      fire(q, [{ environmentId: pinned.env.id, scheduleKey: "x|UTC", slot: new Date(), catchUp: false }]),
    );
    const [job] = await getDb().select().from(jobs).where(eq(jobs.environmentId, pinned.env.id));
    expect(job!.bossJobId!.startsWith("lifeboat-jobs-at-nas-1/")).toBe(true);
    const plain = startWorker({ handlers: {}, labels: [] });
    const labelled = startWorker({ handlers: {}, labels: ["nas-1"] });
    expect(plain.queues).toEqual(["lifeboat-jobs"]);
    expect(labelled.queues).toEqual(["lifeboat-jobs", "lifeboat-jobs-at-nas-1"]);
    await plain.stop(100);
    await labelled.stop(100);
    expect((await getJobRow(job!.id))?.status).toBe("queued");
  });
});
