/* healthchecks.io-style pings through the evaluator against a real HTTP receiver: each finished backup
 * of the watched environment is pinged once — success to <pingUrl>, failure to <pingUrl>/fail — with
 * the run's log as the body; backups from before the channel existed are not pinged. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { backups, environments, jobs, projects } from "@/lib/db/schema";
import { createChannel, deliverDue } from "@/lib/notify";
import { type HttpReceiver, startHttpReceiver } from "@/lib/notify/test-fixtures/receivers";
import { evaluateAlerts } from "./index";

let http: HttpReceiver;
beforeAll(async () => {
  http = await startHttpReceiver();
});
afterAll(async () => {
  await http?.close();
});

describe("healthchecks pings", () => {
  it("pings success and /fail once per finished backup, with the log", async () => {
    const admin = await seedUser("admin");
    const slug = `p-${randomBytes(4).toString("hex")}`;
    const [p] = await getDb().insert(projects).values({ name: "Shop", slug }).returning();
    const [env] = await getDb()
      .insert(environments)
      .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
      .returning();
    const old = new Date(Date.now() - 3_600_000);
    await getDb()
      .insert(backups)
      .values({ environmentId: env!.id, status: "succeeded", trigger: "scheduled", finishedAt: old });
    await createChannel(
      {
        name: "HC shop",
        type: "healthchecks",
        config: { environmentId: env!.id },
        secrets: { pingUrl: `${http.url}/ping/abc` },
      },
      admin.actor,
    );
    const add = async (status: "succeeded" | "failed", message: string, offsetMs: number) => {
      const [j] = await getDb()
        .insert(jobs)
        .values({ kind: "backup", status, log: [{ at: "2031-01-01T00:00:00Z", level: "info", message }] })
        .returning();
      await getDb()
        .insert(backups)
        .values({
          environmentId: env!.id,
          status,
          trigger: "scheduled",
          jobId: j!.id,
          finishedAt: new Date(Date.now() + offsetMs),
        });
    };
    await add("succeeded", "shop-db: 12 MiB saved", 1000);
    await add("failed", "shop-db: pg_dump: connection refused", 2000);
    const now = new Date(Date.now() + 5000);
    await evaluateAlerts({ now, rules: [] });
    await evaluateAlerts({ now, rules: [] }); // the cursor moved: nothing is pinged twice
    await deliverDue({ now: () => now });
    const pings = http.requests.filter((r) => r.path.startsWith("/ping/abc"));
    expect(pings.map((r) => r.path)).toEqual(["/ping/abc", "/ping/abc/fail"]);
    expect(pings[0]!.body).toContain("shop-db: 12 MiB saved");
    expect(pings[1]!.body).toContain("pg_dump: connection refused");
  });

  it("pings /start when a backup starts, before its end, and a running one only /start", async () => {
    const admin = await seedUser("admin");
    const [p] = await getDb()
      .insert(projects)
      .values({ name: "Start", slug: `s-${randomBytes(4).toString("hex")}` })
      .returning();
    const [env] = await getDb()
      .insert(environments)
      .values({ projectId: p!.id, name: "staging", slug: "staging", type: "staging" })
      .returning();
    await createChannel(
      {
        name: "HC start",
        type: "healthchecks",
        config: { environmentId: env!.id },
        secrets: { pingUrl: `${http.url}/ping/st` },
      },
      admin.actor,
    );
    const t = Date.now();
    await getDb()
      .insert(backups)
      .values({
        environmentId: env!.id,
        status: "succeeded",
        trigger: "scheduled",
        startedAt: new Date(t + 1000),
        finishedAt: new Date(t + 3000),
      });
    const now = new Date(t + 5000);
    await evaluateAlerts({ now, rules: [] });
    await getDb()
      .insert(backups)
      .values({ environmentId: env!.id, status: "running", trigger: "scheduled", startedAt: new Date(t + 6000) });
    const later = new Date(t + 8000);
    await evaluateAlerts({ now: later, rules: [] });
    await evaluateAlerts({ now: later, rules: [] });
    await deliverDue({ now: () => later });
    const pings = http.requests.filter((r) => r.path.startsWith("/ping/st"));
    expect(pings.map((r) => r.path)).toEqual(["/ping/st/start", "/ping/st", "/ping/st/start"]);
  });
});
