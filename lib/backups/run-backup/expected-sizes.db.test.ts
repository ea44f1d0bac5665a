/* expectedPairSizes against a real app database: per (source, destination) the size of the newest kept
 * good snapshot of this environment; failed snapshots, deleted backups and other environments do not
 * count. */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations, environments, projects, sources } from "@/lib/db/schema";
import { sealSecret } from "@/lib/secrets";
import { expectedPairSizes } from "./expected-sizes";

let envId = "";
let otherEnvId = "";
let srcId = "";
let otherSrcId = "";
let destId = "";

async function backupWith(
  environmentId: string,
  sourceId: string,
  finishedAt: string,
  totalBytes: number,
  opts: { status?: "succeeded" | "failed"; deleted?: boolean } = {},
) {
  const db = getDb();
  const [b] = await db
    .insert(backups)
    .values({
      environmentId,
      status: "succeeded",
      trigger: "scheduled",
      live: false,
      ...(opts.deleted ? { deletedAt: new Date() } : {}),
    })
    .returning();
  await db.insert(backupSnapshots).values({
    backupId: b!.id,
    sourceId,
    destinationId: destId,
    sourceName: "site",
    sourceType: "directory",
    status: opts.status ?? "succeeded",
    totalBytes,
    finishedAt: new Date(finishedAt),
  });
}

beforeAll(async () => {
  const db = getDb();
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e, o] = await db
    .insert(environments)
    .values([
      { projectId: p!.id, name: "Dev", slug: "dev", type: "development" },
      { projectId: p!.id, name: "Other", slug: "other", type: "development" },
    ])
    .returning();
  envId = e!.id;
  otherEnvId = o!.id;
  const [s, t] = await db
    .insert(sources)
    .values([
      { environmentId: envId, name: "site", type: "directory", config: { path: "/tmp/a" } },
      { environmentId: otherEnvId, name: "site", type: "directory", config: { path: "/tmp/b" } },
    ])
    .returning();
  srcId = s!.id;
  otherSrcId = t!.id;
  const [d] = await db
    .insert(destinations)
    .values({ name: `Disk ${slug}`, type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: sealSecret("pw") })
    .returning();
  destId = d!.id;
  await backupWith(envId, srcId, "2026-12-01T02:00:00Z", 1_000);
  await backupWith(envId, srcId, "2026-12-02T02:00:00Z", 3_600_000);
  await backupWith(envId, srcId, "2026-12-02T03:00:00Z", 5, { status: "failed" });
  await backupWith(envId, srcId, "2026-12-02T04:00:00Z", 7, { deleted: true });
  await backupWith(otherEnvId, otherSrcId, "2026-12-02T05:00:00Z", 42);
});

describe("expectedPairSizes", () => {
  it("gives the newest kept good snapshot's size per source/destination of this environment only", async () => {
    expect([...(await expectedPairSizes(envId))]).toEqual([[`${srcId}/${destId}`, 3_600_000]]);
    expect([...(await expectedPairSizes(otherEnvId))]).toEqual([[`${otherSrcId}/${destId}`, 42]]);
  });
});
