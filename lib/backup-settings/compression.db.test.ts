/* Compression per environment, end to end (worker + real restic), on PGlite and PostgreSQL: PUT
 * backup-settings takes auto / max / off (and refuses anything else with a 400), GET shows it, and the
 * level reaches restic — the same compressible folder backed up with "off" stores several times more
 * bytes in its repository than with "max" (what restic itself reports in `stats --mode raw-data`). */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-compression-"));
const data = path.join(tmp, "data");
let worker: RunningWorker;
let users: Record<Role, TestUser>;

/** Bytes restic stores for the repository's snapshots (after compression). */
async function storedBytes(destinationId: string): Promise<number> {
  const repo = await loadDestinationRepo(destinationId);
  const out = execFileSync("restic", ["--no-cache", "-r", repo.url, "stats", "--mode", "raw-data", "--json"], {
    env: { ...process.env, RESTIC_PASSWORD: repo.password, RESTIC_PASSWORD_FILE: "", RESTIC_REPOSITORY: "" },
  });
  return JSON.parse(out.toString()).total_size as number;
}

async function backupWith(compression: string): Promise<number> {
  const dest = await seedDestination(path.join(tmp, `repo-${compression}`));
  const { env } = await seedEnvironment({
    slug: `cmp-${compression}-${crypto.randomBytes(3).toString("hex")}`,
    sources: [{ name: "Data", type: "directory", config: { path: data } }],
    destinationIds: [dest.id],
  });
  const put = await call(settingsRoute.PUT, {
    method: "PUT",
    token: users.admin.token,
    params: { id: env.id },
    body: { compression, destinationIds: [dest.id] },
  });
  expect(put.status, put.text).toBe(200);
  const got = await call(settingsRoute.GET, { token: users.viewer.token, params: { id: env.id } });
  expect(got.json.compression).toBe(compression);
  const b = await createBackup({ environmentId: env.id, trigger: "manual", actor: users.operator.actor });
  const done = await waitFor("backup", async () => {
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return row && !["queued", "running"].includes(row.status) ? row : undefined;
  });
  expect(done.status).toBe("succeeded");
  return storedBytes(dest.id);
}

beforeAll(async () => {
  users = await seedRoles();
  fs.mkdirSync(data, { recursive: true });
  // 3 MiB of text that compresses well (a log), not a repeated block restic would deduplicate away.
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`2026-12-03T06:${i % 60}:00Z INFO request ${i} served in ${i % 97} ms`);
  fs.writeFileSync(path.join(data, "app.log"), lines.join("\n"));
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
}, 60_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("compression per environment", () => {
  it("refuses an unknown level with a 400 naming the choices", async () => {
    const { env } = await seedEnvironment({
      slug: `cmp-bad-${crypto.randomBytes(3).toString("hex")}`,
      sources: [],
      destinationIds: [],
    });
    const res = await call(settingsRoute.PUT, {
      method: "PUT",
      token: users.admin.token,
      params: { id: env.id },
      body: { compression: "fast" },
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/auto, max or off/);
    const got = await call(settingsRoute.GET, { token: users.viewer.token, params: { id: env.id } });
    expect(got.json.compression).toBe("auto");
  });

  it("off stores several times more than max for the same data", async () => {
    const off = await backupWith("off");
    const max = await backupWith("max");
    const raw = fs.statSync(path.join(data, "app.log")).size;
    expect(off).toBeGreaterThan(raw * 0.95);
    expect(max).toBeLessThan(off / 3);
  }, 180_000);
});
