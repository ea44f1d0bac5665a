/* The kill-point test's moving parts: the worker process (scripts/worker.ts, the same process
 * `npm run worker` runs) in one of two roles — "worker" (claims jobs only) or "panel" (the panel's
 * embedded background services: worker + scheduler + alert evaluator, what instrumentation.ts starts) —,
 * starting one of each job kind the way the panel does (the real services), and waiting for a job row to
 * start and to settle. A copy starts as in the panel: a backup of an environment with a copy target
 * settles and queues it (settle.ts → lib/copies/queue-copies.ts). */
import type { ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { killTree, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";

export type Role = "worker" | "panel";
export type Kind = "backup" | "retention" | "restore" | "check" | "test_restore" | "copy";
export const OPERATOR = { id: null, email: "ops@example.com", role: "operator", via: "token" } as const;

export class Fleet {
  private live: { role: Role; child: ChildProcess } | null = null;
  private spare: { role: Role; child: ChildProcess } | null = null;
  readonly children: ChildProcess[] = [];
  constructor(private readonly baseEnv: () => NodeJS.ProcessEnv) {}

  private env(role: Role): NodeJS.ProcessEnv {
    const panel = { LIFEBOAT_SCHEDULER: "on", LIFEBOAT_ALERTS: "on", LIFEBOAT_ALERT_INTERVAL_SECONDS: "5" };
    return { ...this.baseEnv(), LIFEBOAT_SCHEDULER: "off", LIFEBOAT_ALERTS: "off", ...(role === "panel" ? panel : {}) };
  }

  /** The live process, started in `role` (a live one of the other role is stopped with SIGTERM first). */
  async ensure(role: Role): Promise<ChildProcess> {
    if (this.live && this.live.child.exitCode === null && this.live.child.signalCode === null) {
      if (this.live.role === role) return this.live.child;
      const old = this.live.child;
      const gone = new Promise((r) => old.once("exit", r));
      old.kill("SIGTERM");
      await gone;
    }
    const child = startProcess("scripts/worker.ts", this.env(role), this.children);
    this.live = { role, child };
    return child;
  }

  /** Starts the process that takes over after the next kill (started while the job runs, so its start-up
   * overlaps the job instead of adding to the wait; the running job is leased, it cannot take it). */
  standby(role: Role): void {
    this.spare = { role, child: startProcess("scripts/worker.ts", this.env(role), this.children) };
  }

  /** SIGKILL of the live process and everything it started (restic, the producer): a host dying. The
   * standby process, if any, becomes the live one. */
  kill(): void {
    if (this.live?.child.pid) killTree(this.live.child.pid);
    this.live = this.spare;
    this.spare = null;
  }

  killAll(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null && c.pid) killTree(c.pid);
  }
}

/** Starts one job of `kind` for the environment/destination through the panel's own services. */
export async function startJob(
  kind: Kind,
  t: { environmentId: string; destinationId: string; copyDestinationId: string },
): Promise<{ jobId: string; subject: string }> {
  const { getDb } = await import("@/lib/db");
  const { backups } = await import("@/lib/db/schema");
  const { and, desc, isNull } = await import("drizzle-orm");
  const latestGood = async () => {
    const [b] = await getDb()
      .select()
      .from(backups)
      .where(
        and(eq(backups.environmentId, t.environmentId), eq(backups.status, "succeeded"), isNull(backups.deletedAt)),
      )
      .orderBy(desc(backups.createdAt))
      .limit(1);
    if (!b) throw new Error("no succeeded backup to work on");
    return b.id;
  };
  switch (kind) {
    case "backup": {
      const { createBackup } = await import("@/lib/backups/create-backup");
      const r = await createBackup({ environmentId: t.environmentId, trigger: "manual", actor: OPERATOR });
      return { jobId: r.jobId, subject: `backup ${r.id}` };
    }
    case "retention": {
      const { enqueueJob } = await import("@/lib/jobs/queue");
      const jobId = await enqueueJob({
        kind: "retention",
        subjectId: t.environmentId,
        environmentId: t.environmentId,
        params: {},
      });
      return { jobId, subject: `retention of ${t.environmentId}` };
    }
    case "restore": {
      const { createRestore } = await import("@/lib/restores/create-restore");
      const backupId = await latestGood();
      const r = await createRestore({ backupId, scope: "full", safetyBackup: false, actor: OPERATOR });
      return { jobId: r.jobId, subject: `restore ${r.id}` };
    }
    case "check": {
      const { requestCheck } = await import("@/lib/proof/checks/request-check");
      const r = await requestCheck(t.destinationId, "all", OPERATOR);
      return { jobId: r.jobId, subject: `check ${r.id}` };
    }
    case "test_restore": {
      const { createTestRestore } = await import("@/lib/proof/test-restore/create-test-restore");
      const r = await createTestRestore({ backupId: await latestGood(), trigger: "manual", actor: OPERATOR });
      if (!r) throw new Error("the test restore was not created");
      return { jobId: r.jobId, subject: `test restore ${r.id}` };
    }
    case "copy": {
      // The copy target is set only for this backup, so the other points' backups queue no copies.
      const { createBackup } = await import("@/lib/backups/create-backup");
      const { backupCopies, backupSettings } = await import("@/lib/db/schema");
      const setCopies = (copies: { destinationId: string }[] | null) =>
        getDb().update(backupSettings).set({ copies }).where(eq(backupSettings.environmentId, t.environmentId));
      await setCopies([{ destinationId: t.copyDestinationId }]);
      const r = await createBackup({ environmentId: t.environmentId, trigger: "manual", actor: OPERATOR });
      const b = await waitSettled(r.jobId).finally(() => setCopies(null));
      if (b.status !== "succeeded") throw new Error(`the backup to copy ended ${b.status}`);
      const [c] = await getDb()
        .select()
        .from(backupCopies)
        .where(and(eq(backupCopies.backupId, r.id), eq(backupCopies.destinationId, t.copyDestinationId)));
      if (!c?.jobId) throw new Error(`backup ${r.id} queued no copy`);
      return { jobId: c.jobId, subject: `copy ${c.id}` };
    }
  }
}

export async function jobRow(jobId: string) {
  const { getDb } = await import("@/lib/db");
  const { jobs } = await import("@/lib/db/schema");
  const [j] = await getDb().select().from(jobs).where(eq(jobs.id, jobId));
  return j;
}

export const waitRunning = (jobId: string) =>
  waitFor(`job ${jobId} to run`, async () => {
    const j = await jobRow(jobId);
    if (j && !["queued", "running"].includes(j.status)) return j; // over before we looked
    return j?.status === "running" ? j : undefined;
  });

export const waitSettled = (jobId: string, ms = 120_000) =>
  waitFor(
    `job ${jobId} to settle`,
    async () => {
      const j = await jobRow(jobId);
      return j && !["queued", "running"].includes(j.status) ? j : undefined;
    },
    ms,
  );
