/* Repository keys through the REST routes, with real restic and the embedded worker (db-pglite and
 * db-postgres): the list marks Lifeboat's key; adding needs the admin's own password (a wrong one is 403
 * and audited); the last key and Lifeboat's own key cannot be removed (409); an added key can; a rotation
 * (202 {id, jobId}) leaves exactly one key, a new one, that the stored password opens, the old password
 * no longer opens, and `keyRotatedAt` set; a pending password that is the only one that opens is
 * promoted on the next open; the schedule queues a rotation only when due. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as keyRoute from "@/app/api/v1/destinations/[id]/keys/[keyId]/route";
import * as rotateRoute from "@/app/api/v1/destinations/[id]/keys/rotate/route";
import * as keysRoute from "@/app/api/v1/destinations/[id]/keys/route";
import * as scheduleRoute from "@/app/api/v1/destinations/[id]/keys/schedule/route";
import * as rotationRoute from "@/app/api/v1/key-rotations/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { auditLog, destinations, keyRotations } from "@/lib/db/schema";
import { initializeRepositoryNow } from "@/lib/destinations/ensure-repository-initialized";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { addKey, listKeys, passwordOpens } from "@/lib/engine";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { openSecret, sealSecret } from "@/lib/secrets";
import { reconcilePendingPassword } from "./repository-password";
import { dueRotations } from "./rotate/rotation-scheduler";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-keys-"));
let worker: RunningWorker;
let admin: TestUser;
let operator: TestUser;

async function seedRepo(name: string) {
  const dest = await seedDestination(path.join(tmp, name), name);
  const r = await initializeRepositoryNow(dest.id);
  expect(r.ok).toBe(true);
  return dest;
}

async function keysOf(id: string) {
  const r = await call(keysRoute.GET, { token: admin.token, params: { id } });
  expect(r.status).toBe(200);
  return r.json as {
    items: { id: string; current: boolean; userName: string }[];
    rotation: { lastRotatedAt: string | null; rotationDays: number | null; latest: { id: string } | null };
  };
}

beforeAll(async () => {
  const roles = await seedRoles();
  admin = roles.admin;
  operator = roles.operator;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
});

afterAll(async () => {
  await worker?.stop();
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("repository keys", () => {
  it("lists, adds with the admin's password, refuses the last and Lifeboat's key, removes an added one", async () => {
    const dest = await seedRepo("keys-a");
    const first = await keysOf(dest.id);
    expect(first.items).toHaveLength(1);
    expect(first.items[0].current).toBe(true);
    expect(first.rotation).toMatchObject({ lastRotatedAt: null, rotationDays: null, latest: null });

    const forbidden = await call(keysRoute.GET, { token: operator.token, params: { id: dest.id } });
    expect(forbidden.status).toBe(403);
    const last = await call(keyRoute.DELETE, {
      method: "DELETE",
      token: admin.token,
      params: { id: dest.id, keyId: first.items[0].id },
    });
    expect(last.status).toBe(409);
    expect(last.json.error.message).toMatch(/only key/);

    const wrong = await call(keysRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: dest.id },
      body: { password: "an auditor password", adminPassword: "not mine" },
    });
    expect(wrong.status).toBe(403);
    const short = await call(keysRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: dest.id },
      body: { password: "short", adminPassword: admin.password },
    });
    expect(short.status).toBe(400);
    const added = await call(keysRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: dest.id },
      body: { password: "an auditor password", adminPassword: admin.password, userName: "auditor" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ userName: "auditor", current: false });
    expect(JSON.stringify(added.json)).not.toContain("an auditor password");
    const repo = await loadDestinationRepo(dest.id);
    expect(await passwordOpens({ ...repo, password: "an auditor password" })).toBe(true);

    const own = await call(keyRoute.DELETE, {
      method: "DELETE",
      token: admin.token,
      params: { id: dest.id, keyId: first.items[0].id },
    });
    expect(own.status).toBe(409);
    expect(own.json.error.message).toMatch(/Rotate now/);
    const gone = await call(keyRoute.DELETE, {
      method: "DELETE",
      token: admin.token,
      params: { id: dest.id, keyId: added.json.id },
    });
    expect(gone.status).toBe(204);
    expect((await listKeys(repo)).map((k) => k.id)).toEqual([first.items[0].id]);
    expect(await passwordOpens({ ...repo, password: "an auditor password" })).toBe(false);

    const audits = await getDb().select().from(auditLog).where(eq(auditLog.targetId, dest.id));
    const seen = audits.map((a) => `${a.action}:${a.outcome}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "destination.key_add:failure",
        "destination.key_add:success",
        "destination.key_remove:denied",
        "destination.key_remove:success",
      ]),
    );
    expect(JSON.stringify(audits)).not.toContain("an auditor password");
  });

  it("rotates Lifeboat's key: one new key, stored, the old password no longer opens", async () => {
    const dest = await seedRepo("keys-rotate");
    const oldPassword = openSecret(dest.repoPasswordEnc);
    const [oldKey] = (await keysOf(dest.id)).items;
    const r = await call(rotateRoute.POST, { method: "POST", token: admin.token, params: { id: dest.id } });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ id: expect.any(String), jobId: expect.any(String) });
    const done = await waitFor("the rotation to settle", async () => {
      const v = await call(rotationRoute.GET, { token: admin.token, params: { id: r.json.id } });
      return !["queued", "running"].includes(v.json.status) ? v.json : undefined;
    });
    expect(done).toMatchObject({ status: "succeeded", step: "old_removed", oldKeyId: oldKey.id, error: null });
    const after = await keysOf(dest.id);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ id: done.newKeyId, current: true, userName: "lifeboat" });
    expect(after.rotation.lastRotatedAt).not.toBeNull();
    expect(after.rotation.latest?.id).toBe(r.json.id);
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, dest.id));
    expect(row!.pendingRepoPasswordEnc).toBeNull();
    const repo = await loadDestinationRepo(dest.id);
    expect(repo.password).not.toBe(oldPassword);
    expect(await passwordOpens(repo)).toBe(true);
    expect(await passwordOpens({ ...repo, password: oldPassword })).toBe(false);
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, dest.id), eq(auditLog.action, "destination.key_rotate")));
    expect(audit?.details).toMatchObject({ oldKeyId: oldKey.id, newKeyId: done.newKeyId });
  });

  it("promotes a pending password that is the only one that opens, and leaves a useless one alone", async () => {
    const dest = await seedRepo("keys-pending");
    const repo = await loadDestinationRepo(dest.id);
    const junk = sealSecret("never added to the repository");
    await getDb().update(destinations).set({ pendingRepoPasswordEnc: junk }).where(eq(destinations.id, dest.id));
    expect(await reconcilePendingPassword(dest.id)).toBe("stored");
    // The state a crash could leave if the old key were gone: pending opens, stored does not.
    await addKey(repo, { newPassword: "the pending one, added", user: "lifeboat" });
    await getDb()
      .update(destinations)
      .set({ pendingRepoPasswordEnc: sealSecret("the pending one, added"), repoPasswordEnc: sealSecret("gone") })
      .where(eq(destinations.id, dest.id));
    expect(await reconcilePendingPassword(dest.id)).toBe("promoted");
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, dest.id));
    expect(openSecret(row!.repoPasswordEnc)).toBe("the pending one, added");
    expect(row!.pendingRepoPasswordEnc).toBeNull();
    expect(row!.keyRotatedAt).not.toBeNull();
  });

  it("schedules a rotation only when due, and only one at a time", async () => {
    const dest = await seedRepo("keys-schedule");
    const bad = await call(scheduleRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: dest.id },
      body: { rotationDays: 0 },
    });
    expect(bad.status).toBe(400);
    const set = await call(scheduleRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: dest.id },
      body: { rotationDays: 90 },
    });
    expect(set.status).toBe(200);
    const now = new Date();
    expect(await dueRotations(now)).not.toContain(dest.id);
    const later = new Date(now.getTime() + 91 * 86400_000);
    expect(await dueRotations(later)).toContain(dest.id);
    await getDb().insert(keyRotations).values({ destinationId: dest.id, trigger: "scheduled", status: "running" });
    expect(await dueRotations(later)).not.toContain(dest.id);
    await getDb().delete(keyRotations).where(eq(keyRotations.destinationId, dest.id));
  });
});
