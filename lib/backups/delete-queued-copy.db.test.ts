/* Deleting a backup whose copy has not finished (real restic, real pg-boss queue; db-pglite and
 * db-postgres). A copy that is only QUEUED (no worker took it yet) is cancelled — its job row and its
 * pg-boss job say cancelled, the copy row says why and is forgotten — and DELETE answers 204: the bare
 * restic CLI no longer finds the backup in the primary, and the copy target was never created. A copy
 * that is RUNNING (blocked here on the target's repository lock, which the test holds) refuses the
 * delete with 409, nothing is cancelled or forgotten; once it has finished, DELETE removes the backup
 * from both places. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { COPY_RUNNING_MESSAGE } from "@/lib/copies/cancel-queued-copies";
import { queueCopies } from "@/lib/copies/queue-copies";
import { getDb } from "@/lib/db";
import { auditLog, backupCopies, backups, jobs } from "@/lib/db/schema";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { jobHandlers } from "@/lib/job-kinds";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { getJobRow, parseBossRef } from "@/lib/jobs/job-rows";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copyleft-delq-"));
let worker: RunningWorker | undefined;
let admin: TestUser;

const start = () => {
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
};

/** Snapshots tagged with this backup, listed by the bare CLI (0 when the repository does not exist). */
function tagged(repo: string, passwordEnc: string, backupId: string): number {
  if (!fs.existsSync(path.join(repo, "config"))) return 0;
  const out = execFileSync("restic", ["-r", repo, "--no-cache", "snapshots", "--json", "--tag", `backup:${backupId}`], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: openSecret(passwordEnc) } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return (JSON.parse(out) as unknown[]).length;
}

const copyRow = async (backupId: string) =>
  (await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, backupId)))[0]!;

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  start();
}, 60_000);
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("deleting a backup while its copy is queued or running", () => {
  it("cancels a queued copy and deletes; refuses while a copy runs, deletes once it finished", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const primary = await seedDestination(path.join(tmp, "primary"), `primary-${tag}`);
    const dc2 = await seedDestination(path.join(tmp, "dc2"), `dc2-${tag}`);
    const dir = path.join(tmp, "site");
    fs.mkdirSync(dir, { recursive: true });
    const { env } = await seedEnvironment({
      slug: `delq-${tag}`,
      sources: [{ name: "site files", type: "directory", config: { path: dir } }],
      destinationIds: [primary.id],
      retention: { keepLast: 10 },
    });
    const backupOnce = async () => {
      fs.writeFileSync(path.join(dir, "day.txt"), crypto.randomBytes(32).toString("hex"));
      const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
      await waitFor(`backup ${b.id}`, async () => {
        const [r] = await getDb().select().from(backups).where(eq(backups.id, b.id));
        return r?.status === "succeeded" || undefined;
      });
      await waitFor("retention idle", async () => {
        const js = await getDb().select().from(jobs).where(eq(jobs.kind, "retention"));
        return js.every((j) => !["queued", "running"].includes(j.status)) || undefined;
      });
      return b.id;
    };
    const del = (id: string) => call(backupRoute.DELETE, { method: "DELETE", token: admin.token, params: { id } });
    const held = (id: string) => [
      tagged(primary.config.path as string, primary.repoPasswordEnc, id),
      tagged(dc2.config.path as string, dc2.repoPasswordEnc, id),
    ];

    // 1. A copy only queued (no worker is running): cancelled, and the backup is deleted.
    const first = await backupOnce();
    await worker!.stop(2000);
    worker = undefined;
    const [copyId] = await queueCopies({ id: first, environmentId: env.id }, [{ destinationId: dc2.id }], [primary.id]);
    const queued = await copyRow(first);
    expect(queued.id).toBe(copyId);
    expect(queued.status).toBe("queued");
    expect((await getJobRow(queued.jobId!))!.status).toBe("queued");
    expect(held(first)).toEqual([1, 0]);

    const gone = await del(first);
    expect(gone.status, gone.text).toBe(204);
    expect(held(first)).toEqual([0, 0]);
    expect(fs.existsSync(path.join(dc2.config.path as string, "config"))).toBe(false);
    const job = (await getJobRow(queued.jobId!))!;
    expect(job.status).toBe("cancelled");
    const ref = parseBossRef(job.bossJobId!);
    expect((await (await getBoss()).getJobById(ref.queue, ref.id))?.state).toBe("cancelled");
    const cancelledRow = await copyRow(first);
    expect(cancelledRow.status).toBe("failed");
    expect(cancelledRow.error?.code).toBe("cancelled");
    expect(cancelledRow.forgottenAt).toBeTruthy();
    expect((await call(backupRoute.GET, { token: admin.token, params: { id: first } })).status).toBe(404);
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.action, "backup.delete"));
    const audit = audits.find((a) => a.targetId === first && a.outcome === "success" && a.details?.cancelledCopies);
    expect(audit?.details).toMatchObject({ cancelledCopies: [copyId] });

    // A worker started now has nothing to run: the cancelled copy never starts.
    start();
    const second = await backupOnce();
    expect((await copyRow(first)).attempts).toBe(0);

    // 2. A copy that is running (it waits for the copy target's lock, held here): 409, nothing changes.
    await withRepositoryLock(
      dc2.id,
      "exclusive",
      async () => {
        await queueCopies({ id: second, environmentId: env.id }, [{ destinationId: dc2.id }], [primary.id]);
        const running = await waitFor("the copy job running", async () => {
          const c = await copyRow(second);
          const j = c.jobId ? await getJobRow(c.jobId) : undefined;
          return (j?.status === "running" && c.status === "running" && j) || undefined;
        });
        const busy = await del(second);
        expect(busy.status, busy.text).toBe(409);
        expect(busy.json.error.message).toBe(COPY_RUNNING_MESSAGE);
        expect((await getJobRow(running.id))!.cancelRequested).toBe(false);
        expect((await copyRow(second)).status).toBe("running");
        expect(held(second)).toEqual([1, 0]);
      },
      { purpose: "test: keep the copy waiting" },
    );
    await waitFor("the copy to finish", async () => (await copyRow(second)).status === "succeeded" || undefined);
    expect(held(second)).toEqual([1, 1]);
    await waitFor("the copy job settled", async () => {
      const j = await getJobRow((await copyRow(second)).jobId!);
      return (j && !["queued", "running"].includes(j.status)) || undefined;
    });
    const done = await del(second);
    expect(done.status, done.text).toBe(204);
    expect(held(second)).toEqual([0, 0]);
  }, 300_000);
});
