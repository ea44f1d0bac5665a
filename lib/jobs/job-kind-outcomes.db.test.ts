/* Outcomes of the backup, restore and retention kinds at their edges, each driven through the kind's
 * handler (payload validated as on claim) with a real job context, real restic and real files: a retried
 * restore whose row is already finished does nothing again; restic exit 3 keeps the snapshot and ends
 * the backup `partial`; a restore row and its job commit together (the job insert made to fail by a
 * trigger); retention keeps backups a queued restore points to; after a cancel the job row and the
 * backup row agree; a misconfigured source never runs its pre hook. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSettings, backupSnapshots, jobs, restores } from "@/lib/db/schema";
import { stopBoss } from "./boss";
import { requestJobCancel } from "./cancel";
import { getJobRow } from "./job-rows";
import { enqueueJob } from "./queue";
import { startWorker } from "./worker";
import { createJobContext, type JobContext } from "./job-context";
import type { JobPayload } from "./queue";
import { createRestore, ZCreateRestore } from "@/lib/restores/create-restore";
import { backupJob } from "@/lib/backups/backup-job";
import { retentionJob } from "@/lib/backups/retention-job";
import { restoreJob } from "@/lib/restores/restore-job";
import { seedDestination, seedEnvironment, waitFor } from "./test-fixtures/seed";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-kind-outcomes-"));

afterAll(async () => {
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function contextFor(payload: Omit<JobPayload, "jobId">, attempt = 1): Promise<JobContext> {
  const [job] = await getDb()
    .insert(jobs)
    .values({
      kind: payload.kind as "backup",
      status: "running",
      subjectId: payload.subjectId ?? null,
      environmentId: payload.environmentId ?? null,
    })
    .returning();
  return createJobContext({ ...payload, jobId: job!.id }, attempt, "test-worker", new AbortController(), () => null);
}

describe("job kinds at their edges", () => {
  it("a retried restore whose row already finished does not restore again", async () => {
    const site = path.join(tmp, "r1-site");
    fs.mkdirSync(site, { recursive: true });
    fs.writeFileSync(path.join(site, "a.txt"), "after the restore");
    const dest = await seedDestination(path.join(tmp, "r1-repo"));
    const { env } = await seedEnvironment({
      slug: "r1",
      sources: [{ name: "site", type: "directory", config: { path: site } }],
      destinationIds: [dest.id],
    });
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: env.id, status: "succeeded", trigger: "manual", live: false })
      .returning();
    const finishedAt = new Date(Date.now() - 60_000);
    const [r] = await getDb()
      .insert(restores)
      .values({
        backupId: b!.id,
        targetEnvironmentId: env.id,
        scope: "full",
        status: "succeeded",
        startedAt: finishedAt,
        finishedAt,
      })
      .returning();
    const ctx = await contextFor(
      { kind: "restore", subjectId: r!.id, environmentId: env.id, params: { safetyBackup: true } },
      2,
    );
    const outcome = await restoreJob.handler.run(ctx);
    expect(outcome.status).toBe("succeeded");
    const [after] = await getDb().select().from(restores).where(eq(restores.id, r!.id));
    expect(after!.status).toBe("succeeded");
    expect(after!.safetyBackupId).toBeNull();
    expect(after!.finishedAt!.getTime()).toBe(finishedAt.getTime());
    expect(await getDb().select().from(backups).where(eq(backups.environmentId, env.id))).toHaveLength(1);
    expect(await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b!.id))).toHaveLength(0);
  });

  it("restic exit 3 records the saved snapshot, the unreadable files as warnings, and ends partial", async () => {
    // A sysfs driver folder holds only write-only files: open() fails even for root, restic exits 3.
    const drivers = "/sys/bus/pci/drivers";
    const dir = fs
      .readdirSync(drivers)
      .map((d) => path.join(drivers, d))
      .find((d) => fs.readdirSync(d).some((f) => fs.statSync(path.join(d, f)).mode === 0o100200));
    expect(dir, "a sysfs folder with a write-only file").toBeTruthy();
    const dest = await seedDestination(path.join(tmp, "r3-repo"));
    const { env } = await seedEnvironment({
      slug: "r3",
      sources: [{ name: "sysfs", type: "directory", config: { path: dir } }],
      destinationIds: [dest.id],
    });
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: env.id, status: "queued", trigger: "scheduled", live: true })
      .returning();
    const outcome = await backupJob.handler.run(
      await contextFor({ kind: "backup", subjectId: b!.id, environmentId: env.id }),
    );
    expect(outcome.status).toBe("partial");
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b!.id));
    expect(row!.status).toBe("partial");
    expect(row!.error?.message).toMatch(/could not be read/);
    const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b!.id));
    expect(snap!.status).toBe("partial");
    expect(snap!.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(snap!.warnings?.some((w) => w.includes(dir!))).toBe(true);
  });

  it("a restore whose job cannot be queued leaves no restore row behind; paths are bounded", async () => {
    const site = path.join(tmp, "r6-site");
    fs.mkdirSync(site, { recursive: true });
    const dest = await seedDestination(path.join(tmp, "r6-repo"));
    const { env, sources } = await seedEnvironment({
      slug: "r6",
      sources: [{ name: "site", type: "directory", config: { path: site } }],
      destinationIds: [dest.id],
    });
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: env.id, status: "succeeded", trigger: "manual", live: false })
      .returning();
    await getDb()
      .insert(backupSnapshots)
      .values({
        backupId: b!.id,
        sourceId: sources[0]!.id,
        destinationId: dest.id,
        sourceName: "site",
        sourceType: "directory",
        status: "succeeded",
        snapshotId: "a".repeat(64),
      });
    const operator = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };
    // A real failure inside the transaction: the jobs insert is refused by the database.
    await getDb().execute(
      sql.raw(`create function refuse_restore_job() returns trigger language plpgsql as $$
      begin if new.kind = 'restore' then raise exception 'queue unavailable'; end if; return new; end $$`),
    );
    await getDb().execute(
      sql.raw(
        `create trigger refuse_restore_job before insert on jobs for each row execute function refuse_restore_job()`,
      ),
    );
    try {
      await expect(
        createRestore({ backupId: b!.id, scope: "full", safetyBackup: false, actor: operator }),
      ).rejects.toThrow(/queue unavailable/);
    } finally {
      await getDb().execute(sql.raw(`drop trigger refuse_restore_job on jobs`));
      await getDb().execute(sql.raw(`drop function refuse_restore_job()`));
    }
    expect(await getDb().select().from(restores).where(eq(restores.backupId, b!.id))).toHaveLength(0);

    const ok = await createRestore({ backupId: b!.id, scope: "full", safetyBackup: false, actor: operator });
    const [row] = await getDb().select().from(restores).where(eq(restores.id, ok.id));
    expect(row).toMatchObject({ status: "queued", jobId: ok.jobId, targetEnvironmentId: env.id, scope: "full" });
    expect((await getDb().select().from(jobs).where(eq(jobs.id, ok.jobId)))[0]).toMatchObject({
      kind: "restore",
      subjectId: ok.id,
    });
    await getDb().delete(restores).where(eq(restores.id, ok.id));

    const one = { sourceId: sources[0]!.id, path: "a" };
    expect(ZCreateRestore.safeParse({ backupId: b!.id, scope: "paths", paths: Array(1001).fill(one) }).success).toBe(
      false,
    );
    expect(
      ZCreateRestore.safeParse({ backupId: b!.id, scope: "paths", paths: [{ ...one, path: "x".repeat(4097) }] })
        .success,
    ).toBe(false);
    expect(
      ZCreateRestore.safeParse({ backupId: b!.id, scope: "paths", paths: [{ ...one, path: "x".repeat(4096) }] })
        .success,
    ).toBe(true);
  });

  it("retention keeps a backup that a queued restore reads, and removes it once the restore is done", async () => {
    const dest = await seedDestination(path.join(tmp, "r5-repo"));
    const { env } = await seedEnvironment({ slug: "r5", sources: [], destinationIds: [dest.id], maxManualBackups: 1 });
    const at = (min: number) => new Date(Date.now() - min * 60_000);
    const [older, newer] = await getDb()
      .insert(backups)
      .values([
        {
          environmentId: env.id,
          status: "succeeded",
          trigger: "manual",
          live: false,
          startedAt: at(20),
          finishedAt: at(19),
        },
        {
          environmentId: env.id,
          status: "succeeded",
          trigger: "manual",
          live: false,
          startedAt: at(10),
          finishedAt: at(9),
        },
      ])
      .returning();
    const [r] = await getDb()
      .insert(restores)
      .values({ backupId: older!.id, targetEnvironmentId: env.id, scope: "full", status: "queued" })
      .returning();
    let jobId = "";
    const run = async () => {
      const ctx = await contextFor({ kind: "retention", subjectId: env.id, environmentId: env.id });
      jobId = ctx.jobId;
      return retentionJob.handler.run(ctx);
    };
    expect((await run()).status).toBe("succeeded");
    const alive = async () =>
      (await getDb().select().from(backups).where(eq(backups.environmentId, env.id)))
        .filter((b) => !b.deletedAt)
        .map((b) => b.id)
        .sort();
    expect(await alive()).toEqual([older!.id, newer!.id].sort());
    const [job] = await getDb().select().from(jobs).where(eq(jobs.id, jobId));
    expect(job!.log.map((l) => l.message).join("\n")).toMatch(/kept while a restore reads them/);

    await getDb().update(restores).set({ status: "succeeded" }).where(eq(restores.id, r!.id));
    expect((await run()).status).toBe("succeeded");
    expect(await alive()).toEqual([newer!.id]);
  });

  it("after a cancel the job's status matches its backup row", async () => {
    // Runners under the real worker: one records `partial` on its row (the cancel came after the work
    // was done), the other is stopped by the cancel with an error before it could record anything.
    const worker = startWorker({
      concurrency: 2,
      pollMs: 100,
      leaseSeconds: 10,
      handlers: {
        // The backup kind's own row semantics (ownsOutcomeRow, settling its row on cancel), another run.
        backup: {
          ...backupJob.handler,
          async run(ctx) {
            await waitFor("the cancel", async () => ctx.signal.aborted, 20_000);
            if (ctx.payload.params?.throws) throw new Error("stopped");
            await getDb()
              .update(backups)
              .set({ status: "partial", finishedAt: new Date() })
              .where(eq(backups.id, ctx.payload.subjectId!));
            return { status: "partial", error: { code: "backup_failed", message: "one source failed" } };
          },
        },
      },
    });
    try {
      const { env } = await seedEnvironment({ slug: "r12", sources: [], destinationIds: [] });
      for (const throws of [false, true]) {
        const jobId = randomUUID();
        const [b] = await getDb()
          .insert(backups)
          .values({ environmentId: env.id, status: "running", trigger: "manual", live: false, jobId })
          .returning();
        await enqueueJob({ jobId, kind: "backup", subjectId: b!.id, environmentId: env.id, params: { throws } });
        await waitFor("the job to run", async () => (await getJobRow(jobId))?.status === "running", 20_000);
        await requestJobCancel(jobId);
        const job = await waitFor(
          "the job to settle",
          async () => {
            const r = await getJobRow(jobId);
            return r && !["queued", "running"].includes(r.status) ? r : undefined;
          },
          20_000,
        );
        const [row] = await getDb().select().from(backups).where(eq(backups.id, b!.id));
        expect([job.status, row!.status]).toEqual(throws ? ["cancelled", "cancelled"] : ["partial", "partial"]);
      }
    } finally {
      await worker.stop(2000);
    }
  });

  it("a misconfigured source fails before its pre hook runs", async () => {
    const marker = path.join(tmp, "r11-maintenance-on");
    const dest = await seedDestination(path.join(tmp, "r11-repo"));
    const { env } = await seedEnvironment({
      slug: "r11",
      sources: [{ name: "site", type: "directory", config: { path: "" } }],
      destinationIds: [dest.id],
    });
    await getDb()
      .update(backupSettings)
      .set({ hooks: { pre: { command: `touch ${marker}` } } })
      .where(eq(backupSettings.environmentId, env.id));
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: env.id, status: "queued", trigger: "manual", live: false })
      .returning();
    const outcome = await backupJob.handler.run(
      await contextFor({ kind: "backup", subjectId: b!.id, environmentId: env.id }),
    );
    expect(outcome.status).toBe("failed");
    expect(fs.existsSync(marker)).toBe(false);
    const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b!.id));
    expect(snap!.error?.message).toMatch(/site/);
  });
});
