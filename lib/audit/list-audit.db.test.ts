/* The audit log names targets the way a reader needs them: an environment with its project, a source
 * with its environment, a backup with its time; an entry whose target was deleted keeps its stored name. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backups, environments, projects, sources } from "@/lib/db/schema";
import { listAudit } from "./list-audit";
import { writeAudit } from "./write-audit";

const actor = { id: null as unknown as string, email: `audit-${randomUUID().slice(0, 6)}@lifeboat.test` };
const envId = randomUUID();
const sourceId = randomUUID();
const backupId = randomUUID();

beforeAll(async () => {
  const db = getDb();
  const projectId = randomUUID();
  await db.insert(projects).values({ id: projectId, name: "Acme", slug: `acme-${projectId.slice(0, 6)}` });
  await db
    .insert(environments)
    .values({ id: envId, projectId, name: "production", slug: "production", type: "production" });
  await db
    .insert(sources)
    .values({ id: sourceId, environmentId: envId, name: "orders-db", type: "directory", config: { path: "/tmp" } });
  await db.insert(backups).values({
    id: backupId,
    environmentId: envId,
    status: "succeeded",
    trigger: "manual",
    createdAt: new Date("2026-12-01T10:30:00Z"),
  });
  await writeAudit({ actor, action: "backup_settings.update", target: { type: "environment", id: envId } });
  await writeAudit({ actor, action: "source.update", target: { type: "source", id: sourceId, name: "orders-db" } });
  await writeAudit({ actor, action: "restore.create", target: { type: "backup", id: backupId } });
  await writeAudit({
    actor,
    action: "environment.delete",
    target: { type: "environment", id: randomUUID(), name: "old" },
  });
});

describe("audit target names", () => {
  it("resolves environments, sources and backups with their project; deleted targets keep their name", async () => {
    const { items } = await listAudit({ actor: actor.email });
    const by = new Map(items.map((i) => [i.action, i.targetName]));
    expect(by.get("backup_settings.update")).toBe("Acme / production");
    expect(by.get("source.update")).toBe("Acme / production / orders-db");
    expect(by.get("restore.create")).toBe("Acme / production · backup of 2026-12-01 10:30 UTC");
    expect(by.get("environment.delete")).toBe("old");
  });
});
