/* undoSelection against a real app database (PGlite and PostgreSQL): undoing proposes the undone
 * restore's scope, and for selected files the same files under the target environment's sources —
 * also when the restore came from another environment (sources matched by name and type). */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations, environments, projects, restores, sources } from "@/lib/db/schema";
import { undoSelection } from "./undo-selection";

const ids = {
  staging: randomUUID(),
  prod: randomUUID(),
  stagingFiles: randomUUID(),
  prodFiles: randomUUID(),
  prodDb: randomUUID(),
};
const backupId = randomUUID();
const safetyId = randomUUID();
const destId = randomUUID();

async function restoreRow(
  scope: "full" | "databases" | "files" | "paths",
  paths?: { sourceId: string; path: string }[],
) {
  const [r] = await getDb()
    .insert(restores)
    .values({
      backupId,
      targetEnvironmentId: ids.prod,
      scope,
      paths: paths ?? null,
      safetyBackupId: safetyId,
      status: "succeeded",
    })
    .returning();
  return r!.id;
}

beforeAll(async () => {
  const db = getDb();
  const projectId = randomUUID();
  await db.insert(projects).values({ id: projectId, name: "Shop", slug: `shop-${projectId.slice(0, 6)}` });
  await db.insert(environments).values([
    { id: ids.staging, projectId, name: "staging", slug: "staging", type: "staging" },
    { id: ids.prod, projectId, name: "production", slug: "production", type: "production" },
  ]);
  await db.insert(sources).values([
    {
      id: ids.stagingFiles,
      environmentId: ids.staging,
      name: "Uploads",
      type: "directory",
      config: { path: "/srv/staging/uploads" },
    },
    {
      id: ids.prodFiles,
      environmentId: ids.prod,
      name: "Uploads",
      type: "directory",
      config: { path: "/srv/prod/uploads" },
    },
    { id: ids.prodDb, environmentId: ids.prod, name: "Shop DB", type: "postgres", config: { database: "shop" } },
  ]);
  await db
    .insert(destinations)
    .values({ id: destId, name: "Disk", type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: "x" });
  // A staging backup restored into production, and the safety backup taken of production first.
  await db.insert(backups).values([
    { id: backupId, environmentId: ids.staging, status: "succeeded", trigger: "manual" },
    { id: safetyId, environmentId: ids.prod, status: "succeeded", trigger: "safety" },
  ]);
  await db.insert(backupSnapshots).values({
    backupId,
    sourceId: ids.stagingFiles,
    destinationId: destId,
    sourceName: "Uploads",
    sourceType: "directory",
    status: "succeeded",
    snapshotId: "a".repeat(64),
  });
});

describe("undoSelection", () => {
  it("proposes the undone restore's scope, never everything for a partial restore", async () => {
    expect(await undoSelection(await restoreRow("files"), safetyId)).toEqual({ scope: "files", picked: [] });
    expect(await undoSelection(await restoreRow("databases"), safetyId)).toEqual({ scope: "databases", picked: [] });
    expect(await undoSelection(await restoreRow("full"), safetyId)).toEqual({ scope: "full", picked: [] });
  });

  it("maps selected files onto the target environment's source", async () => {
    const id = await restoreRow("paths", [{ sourceId: ids.stagingFiles, path: "/srv/staging/uploads/logo.png" }]);
    expect(await undoSelection(id, safetyId)).toEqual({
      scope: "paths",
      picked: [{ sourceId: ids.prodFiles, path: "/srv/prod/uploads/logo.png" }],
    });
    // A file outside the source's folder (its path changed since): files only, the closest safe scope.
    const odd = await restoreRow("paths", [{ sourceId: ids.stagingFiles, path: "/elsewhere/logo.png" }]);
    expect(await undoSelection(odd, safetyId)).toEqual({ scope: "files", picked: [] });
  });

  it("answers null for another backup's restore or a malformed id", async () => {
    const id = await restoreRow("files");
    expect(await undoSelection(id, randomUUID())).toBeNull();
    expect(await undoSelection("not-a-uuid", safetyId)).toBeNull();
  });
});
