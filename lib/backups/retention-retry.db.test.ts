/* A retention run killed after `restic forget` but before it marked the backups deleted (the fault suite's
 * kill -9 found it): the retry finds those snapshots gone already. It must count them as removed, mark
 * the rows deleted and succeed — before, `forget` by ids refused the missing id, the run failed, and the
 * backups stayed "succeeded" with no snapshot behind them (a false green). Real restic, real repository. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { retentionJob } from "@/lib/backups/retention-job";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations, jobs } from "@/lib/db/schema";
import { stopBoss } from "@/lib/jobs/boss";
import { createJobContext } from "@/lib/jobs/job-context";
import { resticCheck, seedDestination, seedEnvironment } from "@/lib/jobs/test-fixtures/seed";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-retention-retry-"));
afterAll(async () => {
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it("a retention retried after its forget already ran marks the backups deleted and succeeds", async () => {
  const repo = path.join(tmp, "repo");
  const dest = await seedDestination(repo, "retention-retry");
  const password = openSecret(dest.repoPasswordEnc);
  const restic = (...args: string[]) =>
    execFileSync("restic", ["-r", repo, "--no-cache", ...args], {
      env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
  restic("init");
  await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, dest.id));
  const site = path.join(tmp, "site");
  fs.mkdirSync(site);
  const { env, sources } = await seedEnvironment({
    slug: "retry",
    sources: [{ name: "files", type: "directory", config: { path: site } }],
    destinationIds: [dest.id],
    maxManualBackups: 1,
  });
  const at = (min: number) => new Date(Date.now() - min * 60_000);
  const made: { backupId: string; snapshotId: string }[] = [];
  for (const [i, min] of [20, 10].entries()) {
    fs.writeFileSync(path.join(site, "a.txt"), `version ${i}`);
    const [b] = await getDb()
      .insert(backups)
      .values({
        environmentId: env.id,
        status: "succeeded",
        trigger: "manual",
        startedAt: at(min),
        finishedAt: at(min),
      })
      .returning();
    const summary = restic("backup", "--json", "--tag", `backup:${b!.id}`, site)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message_type: string; snapshot_id?: string })
      .find((m) => m.message_type === "summary")!;
    await getDb().insert(backupSnapshots).values({
      backupId: b!.id,
      sourceId: sources[0]!.id,
      destinationId: dest.id,
      sourceName: "files",
      sourceType: "directory",
      status: "succeeded",
      snapshotId: summary.snapshot_id!,
    });
    made.push({ backupId: b!.id, snapshotId: summary.snapshot_id! });
  }
  // The killed run got as far as forgetting the older snapshot.
  restic("forget", made[0]!.snapshotId);

  const [job] = await getDb()
    .insert(jobs)
    .values({ kind: "retention", status: "running", subjectId: env.id, environmentId: env.id, attempts: 2 })
    .returning();
  const payload = { kind: "retention", subjectId: env.id, environmentId: env.id, jobId: job!.id };
  const ctx = createJobContext(payload, 2, "test-worker", new AbortController(), () => null);
  const outcome = await retentionJob.handler.run(ctx);
  expect(outcome.error ?? null).toBeNull();
  expect(outcome.status).toBe("succeeded");
  const rows = await getDb().select().from(backups).where(eq(backups.environmentId, env.id));
  expect(rows.find((b) => b.id === made[0]!.backupId)!.deletedAt).not.toBeNull();
  expect(rows.find((b) => b.id === made[1]!.backupId)!.deletedAt).toBeNull();
  const listed = JSON.parse(restic("snapshots", "--json")) as { id: string }[];
  expect(listed).toHaveLength(1);
  expect(listed[0]!.id.startsWith(made[1]!.snapshotId)).toBe(true);
  expect(resticCheck(repo, password)[0]).toBe(0);
});
