/* The forecast's query on a real database (PGlite and PostgreSQL): 70 GiB stored long ago, then 10 GiB
 * a day for 30 days toward a 500 GiB budget → 370 GiB, +10 GiB/day, reached in 13 days; a verified
 * backup's status is read back. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  backupSnapshots,
  backups,
  destinations,
  destinationStorageSettings,
  environments,
  projects,
} from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import { loadStorageForecasts } from "./storage-forecast";
import { latestVerification } from "./verification-status";

const GIB = 1024 ** 3;
const DAY = 86_400_000;

describe("storage forecast (db)", () => {
  it("fits 30 days of growth and counts the days to the budget", async () => {
    const now = new Date("2034-06-30T12:00:00Z");
    const [p] = await getDb()
      .insert(projects)
      .values({ name: "Grow", slug: `g-${randomBytes(4).toString("hex")}` })
      .returning();
    const [e] = await getDb()
      .insert(environments)
      .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
      .returning();
    const [d] = await getDb()
      .insert(destinations)
      .values({
        name: `Big ${randomBytes(2).toString("hex")}`,
        type: "s3",
        config: {},
        repoPasswordEnc: sealSecret("pw"),
      })
      .returning();
    await getDb().insert(destinationStorageSettings).values({ destinationId: d!.id, budgetGib: 500 });
    const snap = async (
      at: Date,
      bytes: number,
      verification?: {
        status: "passed" | "failed";
        checks: { name: string; status: "passed" | "failed"; message: string }[];
      },
    ) => {
      const [b] = await getDb()
        .insert(backups)
        .values({
          environmentId: e!.id,
          status: "succeeded",
          trigger: "scheduled",
          createdAt: at,
          finishedAt: at,
          verification,
        })
        .returning();
      await getDb().insert(backupSnapshots).values({
        backupId: b!.id,
        sourceId: e!.id,
        destinationId: d!.id,
        sourceName: "db",
        sourceType: "postgres",
        status: "succeeded",
        addedBytes: bytes,
        finishedAt: at,
      });
    };
    await snap(new Date(now.getTime() - 60 * DAY), 70 * GIB);
    for (let k = 0; k < 30; k++) await snap(new Date(now.getTime() - k * DAY - 3_600_000), 10 * GIB);
    await snap(new Date(now.getTime() - 1000), 0, {
      status: "failed",
      checks: [{ name: "Dump is complete", status: "failed", message: "the dump ends early" }],
    });
    const [f] = await loadStorageForecasts(e!.id, now);
    expect(f!.storedBytes).toBe(370 * GIB);
    expect(f!.bytesPerDay! / GIB).toBeCloseTo(10, 3);
    expect(f!.daysToBudget).toBe(13);
    const v = await latestVerification(e!.id);
    expect(v?.verification.status).toBe("failed");
    expect(v?.verification.checks[0]?.message).toBe("the dump ends early");
  });
});
