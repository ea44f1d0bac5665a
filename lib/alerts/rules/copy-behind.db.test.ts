/* copy_behind on a real database (PGlite and PostgreSQL): the newest copy of an environment to a copy
 * target that failed opens the alert; one still queued opens it only after the threshold; a newer
 * succeeded copy resolves it, and so does removing the destination from the copy targets. */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backupCopies, backupSettings, backups, destinations, environments, projects } from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import { evaluateAlerts } from "../index";
import type { AlertRow } from "../lifecycle";
import { copyBehindRule } from "./copy-behind";

async function seed() {
  const db = getDb();
  const [p] = await db
    .insert(projects)
    .values({ name: "Copy", slug: `cb-${randomBytes(4).toString("hex")}` })
    .returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
    .returning();
  const [d] = await db
    .insert(destinations)
    .values({
      name: `Off-site ${randomBytes(2).toString("hex")}`,
      type: "local",
      config: { path: "/x" },
      repoPasswordEnc: sealSecret("pw"),
    })
    .returning();
  await db.insert(backupSettings).values({ environmentId: e!.id, copies: [{ destinationId: d!.id }] });
  const copy = async (status: "queued" | "succeeded" | "failed", at: Date) => {
    const [b] = await db
      .insert(backups)
      .values({ environmentId: e!.id, status: "succeeded", trigger: "scheduled", createdAt: at })
      .returning();
    const [c] = await db
      .insert(backupCopies)
      .values({
        backupId: b!.id,
        destinationId: d!.id,
        status,
        createdAt: at,
        attempts: status === "failed" ? 6 : 0,
        error: status === "failed" ? { code: "copy_failed", message: "connection refused" } : null,
      })
      .returning();
    return c!;
  };
  return { env: e!, dest: d!, copy };
}

const mine = (list: AlertRow[], envId: string) => list.filter((a) => a.environment_id === envId);

describe("copy_behind", () => {
  it("opens on a failed or late copy and clears on a newer good copy or when the target is removed", async () => {
    const now = new Date("2034-03-01T12:00:00Z");
    const hour = 3_600_000;
    const { env, copy } = await seed();
    await copy("succeeded", new Date(now.getTime() - 30 * hour));
    await copy("failed", new Date(now.getTime() - 20 * hour));
    const r1 = await evaluateAlerts({ rules: [copyBehindRule], now });
    expect(mine(r1.opened, env.id)).toHaveLength(1);
    expect(mine(r1.opened, env.id)[0]!.message).toMatch(
      /the copy to Off-site .* failed after 6 attempt\(s\) \(connection refused\)/,
    );

    // A newer copy still queued after 2 h: not yet behind (threshold 6 h) — and the failed one is older.
    await copy("queued", new Date(now.getTime() - 2 * hour));
    const r2 = await evaluateAlerts({ rules: [copyBehindRule], now });
    expect(mine(r2.resolved, env.id)).toHaveLength(1);
    // Seven hours later it is still queued: behind.
    const later = new Date(now.getTime() + 5 * hour);
    const r3 = await evaluateAlerts({ rules: [copyBehindRule], now: later });
    expect(mine(r3.opened, env.id)[0]!.message).toMatch(/still not copied to Off-site .* 7 h after/);
    // The destination is no longer a copy target: resolved.
    await getDb().update(backupSettings).set({ copies: null }).where(eq(backupSettings.environmentId, env.id));
    const r4 = await evaluateAlerts({ rules: [copyBehindRule], now: later });
    expect(mine(r4.resolved, env.id)).toHaveLength(1);
  });

  it("uses each copy target's own threshold (alertBehindHours), the default 6 h for a target without one", async () => {
    const now = new Date("2034-04-01T12:00:00Z");
    const hour = 3_600_000;
    const { env, dest, copy } = await seed();
    // A 1 h threshold: a copy queued 2 h ago is behind already.
    await getDb()
      .update(backupSettings)
      .set({ copies: [{ destinationId: dest.id, alertBehindHours: 1 }] })
      .where(eq(backupSettings.environmentId, env.id));
    await copy("queued", new Date(now.getTime() - 2 * hour));
    const r1 = await evaluateAlerts({ rules: [copyBehindRule], now });
    expect(mine(r1.opened, env.id)).toHaveLength(1);
    expect(mine(r1.opened, env.id)[0]!.details).toMatchObject({ thresholdHours: 1 });
    // 24 h: the same copy 7 h after it was queued is not behind (the default 6 h would say it is).
    await getDb()
      .update(backupSettings)
      .set({ copies: [{ destinationId: dest.id, alertBehindHours: 24 }] })
      .where(eq(backupSettings.environmentId, env.id));
    const r2 = await evaluateAlerts({ rules: [copyBehindRule], now: new Date(now.getTime() + 5 * hour) });
    expect(mine(r2.resolved, env.id)).toHaveLength(1);
    const r3 = await evaluateAlerts({ rules: [copyBehindRule], now: new Date(now.getTime() + 23 * hour) });
    expect(mine(r3.opened, env.id)).toHaveLength(1);
    expect(mine(r3.opened, env.id)[0]!.details).toMatchObject({ thresholdHours: 24 });
    // No threshold of its own: the default 6 h (7 h late → behind; at 5 h → not).
    await getDb()
      .update(backupSettings)
      .set({ copies: [{ destinationId: dest.id }] })
      .where(eq(backupSettings.environmentId, env.id));
    const r4 = await evaluateAlerts({ rules: [copyBehindRule], now: new Date(now.getTime() + 3 * hour) });
    expect(mine(r4.resolved, env.id)).toHaveLength(1);
    const r5 = await evaluateAlerts({ rules: [copyBehindRule], now: new Date(now.getTime() + 5 * hour) });
    expect(mine(r5.opened, env.id)[0]!.details).toMatchObject({ thresholdHours: 6 });
  });
});
