/* A copy job killed inside the copy target's retention, after `restic forget` but before it marked the
 * copies forgotten (the fault suite's kill -9 on copy jobs): the retry finds its own copy recorded as
 * succeeded and the older copy's snapshot already gone. It must run that retention again, count the gone
 * snapshot as forgotten and mark its row — before, the retry returned at once (the row stayed "succeeded"
 * with no snapshot behind it: a false green), and the next copy's retention failed on the missing id.
 * Real restic, real repository. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { copyJob } from "@/lib/copies/copy-job";
import { getDb } from "@/lib/db";
import { backupCopies, backupSnapshots, backups, destinations, jobs } from "@/lib/db/schema";
import { stopBoss } from "@/lib/jobs/boss";
import { createJobContext } from "@/lib/jobs/job-context";
import { resticCheck, seedDestination, seedEnvironment } from "@/lib/jobs/test-fixtures/seed";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copy-retention-retry-"));
afterAll(async () => {
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it("a copy retried after its target's forget already ran marks the older copy forgotten and succeeds", async () => {
  const primary = await seedDestination(path.join(tmp, "primary"), "copy-retry-primary");
  const repo = path.join(tmp, "target");
  const target = await seedDestination(repo, "copy-retry-target");
  const password = openSecret(target.repoPasswordEnc);
  const restic = (...args: string[]) =>
    execFileSync("restic", ["-r", repo, "--no-cache", ...args], {
      env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
  restic("init");
  await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, target.id));
  const site = path.join(tmp, "site");
  fs.mkdirSync(site);
  const { env, sources } = await seedEnvironment({
    slug: "copy-retry",
    sources: [{ name: "files", type: "directory", config: { path: site } }],
    destinationIds: [primary.id],
    maxManualBackups: 1,
  });
  const at = (min: number) => new Date(Date.now() - min * 60_000);
  const made: { backupId: string; copyId: string; snapshotId: string }[] = [];
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
    // The copy's snapshot in the target (what `restic copy` put there).
    const summary = restic("backup", "--json", "--tag", `backup:${b!.id}`, site)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message_type: string; snapshot_id?: string })
      .find((m) => m.message_type === "summary")!;
    await getDb().insert(backupSnapshots).values({
      backupId: b!.id,
      sourceId: sources[0]!.id,
      destinationId: primary.id,
      sourceName: "files",
      sourceType: "directory",
      status: "succeeded",
      snapshotId: summary.snapshot_id!,
    });
    const [c] = await getDb()
      .insert(backupCopies)
      .values({
        backupId: b!.id,
        destinationId: target.id,
        fromDestinationId: primary.id,
        status: "succeeded",
        snapshotIds: [summary.snapshot_id!],
        attempts: 1,
        copiedAt: at(min),
      })
      .returning();
    made.push({ backupId: b!.id, copyId: c!.id, snapshotId: summary.snapshot_id! });
  }
  // The killed attempt of the newer copy had recorded it and got as far as forgetting the older snapshot.
  restic("forget", made[0]!.snapshotId);

  const [job] = await getDb()
    .insert(jobs)
    .values({ kind: "copy", status: "running", subjectId: made[1]!.copyId, environmentId: env.id, attempts: 2 })
    .returning();
  const payload = { kind: "copy", subjectId: made[1]!.copyId, environmentId: env.id, jobId: job!.id };
  const ctx = createJobContext(payload, 2, "test-worker", new AbortController(), () => null);
  const outcome = await copyJob.handler.run(ctx);
  expect(outcome.error ?? null).toBeNull();
  expect(outcome.status).toBe("succeeded");
  const rows = await getDb().select().from(backupCopies).where(eq(backupCopies.destinationId, target.id));
  expect(rows.find((c) => c.id === made[0]!.copyId)!.forgottenAt).not.toBeNull();
  expect(rows.find((c) => c.id === made[1]!.copyId)!.forgottenAt).toBeNull();
  const listed = JSON.parse(restic("snapshots", "--json")) as { id: string }[];
  expect(listed).toHaveLength(1);
  expect(listed[0]!.id.startsWith(made[1]!.snapshotId)).toBe(true);
  expect(resticCheck(repo, password)[0]).toBe(0);
});
