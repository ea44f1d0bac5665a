/* storage_low and the destination storage settings on a real database (PGlite and PostgreSQL): above
 * the budget it fires with the sizes in GiB and clears when the budget is raised; a local destination
 * on a real directory is measured with statfs (this machine's disk is not 90 % full: quiet; a disk
 * reading of 5 % free fires); the price feeds the report's costEstimate; the route is admin-only. */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { describe, expect, it } from "vitest";
import * as storageRoute from "@/app/api/v1/destinations/[id]/storage-settings/route";
import { call, seedUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { backupSnapshots, backups, destinations, environments, projects } from "@/lib/db/schema";
import { buildReport } from "@/lib/reports";
import { sealSecret } from "@/lib/secrets";
import { evaluateAlerts } from "../index";
import { defaultRuleOptions } from "./index";
import { storageLowRule } from "./storage-low";

const GIB = 1024 ** 3;

async function seed(type: "s3" | "local", addedBytes: number) {
  const [p] = await getDb()
    .insert(projects)
    .values({ name: "Store", slug: `st-${randomBytes(4).toString("hex")}` })
    .returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
    .returning();
  const [d] = await getDb()
    .insert(destinations)
    .values({
      name: `Bucket ${randomBytes(2).toString("hex")}`,
      type,
      config: type === "local" ? { path: os.tmpdir() } : {},
      repoPasswordEnc: sealSecret("pw"),
    })
    .returning();
  const at = new Date("2033-01-10T00:00:00Z");
  const [b] = await getDb()
    .insert(backups)
    .values({ environmentId: e!.id, status: "succeeded", trigger: "scheduled", createdAt: at, finishedAt: at })
    .returning();
  await getDb().insert(backupSnapshots).values({
    backupId: b!.id,
    sourceId: e!.id,
    destinationId: d!.id,
    sourceName: "db",
    sourceType: "postgres",
    status: "succeeded",
    addedBytes,
    finishedAt: at,
  });
  return { project: p!, env: e!, dest: d! };
}

describe("storage_low", () => {
  it("fires above the budget, clears when raised; the price gives a cost", async () => {
    const admin = await seedUser("admin");
    const operator = await seedUser("operator");
    const { project, dest } = await seed("s3", 3 * GIB);
    const put = (body: unknown, token = admin.token) =>
      call(storageRoute.PUT, { method: "PUT", token, params: { id: dest.id }, body });
    expect((await put({ budgetGib: 2 }, operator.token)).status).toBe(403);
    expect((await put({ budgetGib: -1 })).text).toContain("The budget must be more than 0 GiB");
    expect((await put({ budgetGib: 2, pricePerGibMonth: 0.5 })).json).toEqual({ budgetGib: 2, pricePerGibMonth: 0.5 });
    const r = await evaluateAlerts({ rules: [storageLowRule] });
    const mine = r.opened.filter((a) => a.destination_id === dest.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toBe(
      `Destination ${dest.name} holds 3.0 GiB, above its budget of 2.0 GiB. Shorten retention so old backups are pruned, or raise the budget in the destination's settings.`,
    );
    await put({ budgetGib: 5, pricePerGibMonth: 0.5 });
    const r2 = await evaluateAlerts({ rules: [storageLowRule] });
    expect(r2.resolved.map((a) => a.destination_id)).toContain(dest.id);

    const report = await buildReport(
      { from: new Date("2033-01-01T00:00:00Z"), to: new Date("2033-02-01T00:00:00Z"), projectId: project.id },
      new Date("2033-02-01T00:00:00Z"),
    );
    expect(report.environments[0]!.costEstimate).toBeCloseTo(1.5, 5); // 3 GiB × 0.5
  });

  it("a local destination's disk: measured with statfs; below 10 % free fires", async () => {
    const { dest } = await seed("local", 1024);
    const quiet = await evaluateAlerts({ rules: [storageLowRule] });
    expect(quiet.opened.filter((a) => a.destination_id === dest.id)).toHaveLength(0);
    const full = await evaluateAlerts({
      rules: [storageLowRule],
      ruleOptions: { ...defaultRuleOptions(60), statfs: async () => ({ free: 5 * GIB, total: 100 * GIB }) },
    });
    const mine = full.opened.filter((a) => a.destination_id === dest.id);
    expect(mine[0]!.message).toContain(`is on a disk with only 5 % free (5.0 GiB of 100 GiB at ${os.tmpdir()})`);
  });
});
