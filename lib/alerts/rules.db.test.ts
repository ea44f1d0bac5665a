/* The destination_unreachable and job_stuck rules against a real database (PGlite and PostgreSQL):
 * each fires from the rows alone and clears when the rows say the condition is gone. */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backupSnapshots, backups, destinations, environments, jobs, projects } from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import { evaluateAlerts } from "./index";
import { defaultRuleOptions } from "./rules";
import { destinationUnreachableRule } from "./rules/destination-unreachable";
import { jobStuckRule } from "./rules/job-stuck";

async function seedEnv() {
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await getDb().insert(projects).values({ name: "Shop", slug }).returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: "staging", slug: "staging", type: "staging" })
    .returning();
  return e!;
}

describe("destination_unreachable", () => {
  it("fires when the latest backup could not open the destination and clears after one that could", async () => {
    const env = await seedEnv();
    const [d] = await getDb()
      .insert(destinations)
      .values({
        name: `Offsite ${randomBytes(2).toString("hex")}`,
        type: "s3",
        config: {},
        repoPasswordEnc: sealSecret("pw"),
      })
      .returning();
    const snap = async (status: "failed" | "succeeded", at: Date) => {
      const [b] = await getDb()
        .insert(backups)
        .values({ environmentId: env.id, status, trigger: "scheduled", createdAt: at, finishedAt: at })
        .returning();
      await getDb()
        .insert(backupSnapshots)
        .values({
          backupId: b!.id,
          sourceId: env.id,
          destinationId: d!.id,
          sourceName: "db",
          sourceType: "postgres",
          status,
          error:
            status === "failed"
              ? { code: "RepoUnreachable", message: "Could not reach s3.example.com: no route to host." }
              : null,
          finishedAt: at, // as the backup run writes it: the rule orders by it
        });
    };
    await snap("failed", new Date("2031-01-01T00:00:00Z"));
    const r1 = await evaluateAlerts({ now: new Date("2031-01-01T00:01:00Z"), rules: [destinationUnreachableRule] });
    const mine = r1.opened.filter((a) => a.destination_id === d!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toContain(
      `Destination ${d!.name} could not be reached by the last backup: Could not reach s3.example.com`,
    );
    await snap("succeeded", new Date("2031-01-01T01:00:00Z"));
    const r2 = await evaluateAlerts({ now: new Date("2031-01-01T01:01:00Z"), rules: [destinationUnreachableRule] });
    expect(r2.resolved.map((a) => a.destination_id)).toContain(d!.id);
  });
});

describe("job_stuck", () => {
  it("fires for a running job without a heartbeat past the bound and clears when it finishes", async () => {
    const env = await seedEnv();
    const beat = new Date("2031-02-01T00:00:00Z");
    const [j] = await getDb()
      .insert(jobs)
      .values({ kind: "backup", status: "running", environmentId: env.id, heartbeatAt: beat, startedAt: beat })
      .returning();
    const opts = defaultRuleOptions(60); // stuck after 300 s
    const early = await evaluateAlerts({
      now: new Date(beat.getTime() + 200_000),
      rules: [jobStuckRule],
      ruleOptions: opts,
    });
    expect(early.opened.filter((a) => a.subject_key === `job:${j!.id}`)).toHaveLength(0);
    const late = await evaluateAlerts({
      now: new Date(beat.getTime() + 600_000),
      rules: [jobStuckRule],
      ruleOptions: opts,
    });
    const mine = late.opened.filter((a) => a.subject_key === `job:${j!.id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toMatch(/^The backup job of Shop \/ staging has shown no sign of life for 10 min\./);
    await getDb().update(jobs).set({ status: "failed", finishedAt: new Date() }).where(eq(jobs.id, j!.id));
    const done = await evaluateAlerts({
      now: new Date(beat.getTime() + 700_000),
      rules: [jobStuckRule],
      ruleOptions: opts,
    });
    expect(done.resolved.map((a) => a.subject_key)).toContain(`job:${j!.id}`);
  });
});

describe("job_stuck for a job no live worker serves", () => {
  const opts = defaultRuleOptions(60); // bound 300 s
  const at = (t0: Date, s: number) => new Date(t0.getTime() + s * 1000);
  const mineOf = (r: Awaited<ReturnType<typeof evaluateAlerts>>, id: string) =>
    r.opened.filter((a) => a.subject_key === `job:${id}`);

  it("fires for a pinned job while no worker that ran its label is alive, and clears when one is (busy counts)", async () => {
    const env = await seedEnv();
    const t0 = new Date("2032-03-01T00:00:00Z");
    const [queued] = await getDb()
      .insert(jobs)
      .values({ kind: "backup", status: "queued", environmentId: env.id, workerLabel: "host-b", createdAt: t0 })
      .returning();
    // Worker A is alive but has only ever run unlabelled jobs: it does not serve host-b.
    await getDb()
      .insert(jobs)
      .values({ kind: "check", status: "running", workerId: "a:1", startedAt: at(t0, 500), heartbeatAt: at(t0, 590) });
    const early = await evaluateAlerts({ now: at(t0, 200), rules: [jobStuckRule], ruleOptions: opts });
    expect(mineOf(early, queued!.id)).toHaveLength(0);
    const late = await evaluateAlerts({ now: at(t0, 600), rules: [jobStuckRule], ruleOptions: opts });
    const mine = mineOf(late, queued!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toBe(
      "The backup job of Shop / staging has waited 10 min for a worker labelled host-b, and none is running. " +
        "Start the worker on that host (npm run worker with LIFEBOAT_WORKER_LABELS=host-b); cancel the job if it is no longer wanted.",
    );
    // Worker B comes back: it ran host-b jobs before and is now busy with another one — the queue is served.
    await getDb()
      .insert(jobs)
      .values([
        { kind: "backup", status: "succeeded", workerId: "b:2", workerLabel: "host-b", finishedAt: at(t0, 610) },
        { kind: "backup", status: "running", workerId: "b:2", startedAt: at(t0, 615), heartbeatAt: at(t0, 650) },
      ]);
    const served = await evaluateAlerts({ now: at(t0, 660), rules: [jobStuckRule], ruleOptions: opts });
    expect(served.resolved.map((a) => a.subject_key)).toContain(`job:${queued!.id}`);
  });

  it("fires for an unlabelled job when no worker at all is alive; a retry waiting for its back-off does not", async () => {
    const env = await seedEnv();
    const t0 = new Date("2033-05-01T00:00:00Z");
    const [queued] = await getDb()
      .insert(jobs)
      .values({ kind: "copy", status: "queued", environmentId: env.id, createdAt: t0 })
      .returning();
    const [retry] = await getDb()
      .insert(jobs)
      .values({ kind: "copy", status: "queued", environmentId: env.id, createdAt: t0, attempts: 1 })
      .returning();
    const late = await evaluateAlerts({ now: at(t0, 900), rules: [jobStuckRule], ruleOptions: opts });
    expect(mineOf(late, retry!.id)).toHaveLength(0);
    const mine = mineOf(late, queued!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toMatch(
      /^The copy job of Shop \/ staging has waited 15 min for a worker, and none is running\./,
    );
    await getDb()
      .insert(jobs)
      .values({ kind: "check", status: "running", workerId: "c:3", startedAt: at(t0, 950), heartbeatAt: at(t0, 990) });
    const served = await evaluateAlerts({ now: at(t0, 1000), rules: [jobStuckRule], ruleOptions: opts });
    expect(served.resolved.map((a) => a.subject_key)).toContain(`job:${queued!.id}`);
  });
});
