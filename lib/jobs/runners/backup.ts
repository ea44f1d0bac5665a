/* The backup runner: one run over all sources of an environment. For each source: pre hook → stream
 * into each destination → post hook (always; hooks only when the backup is not "live"). Snapshots carry
 * `lifeboat env:<envId> source:<sourceId> backup:<backupId> trigger:<…>` and `--host <env slug>`.
 * Owns the backup's rows (backups, backup_snapshots) while it runs; it does not choose destinations or
 * retention (lib/backup-settings, runners/retention.ts).
 * Invariants: `succeeded` only when every source's snapshot is listed in its repository (checked with
 * `listSnapshots` by tag `backup:<id>` at the end); `partial` when some failed or restic saved a snapshot
 * but could not read some files (exit 3: the snapshot is recorded, the files become warnings, the
 * source's row is `partial`); `failed` when none worked; `cancelled` when a user cancelled. A retried attempt keeps the snapshots that an earlier
 * attempt finished and clears stale restic locks first. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots } from "@/lib/db/schema";
import type { BackupProgress, ErrorInfo } from "@/lib/db/schema/backups";
import {
  backupSource,
  Cancelled,
  forget,
  PartialBackup,
  runWithHooks,
  validateSource,
  type BackupResult,
  type Progress,
} from "../engine";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { indexSnapshotFiles } from "@/lib/backups/index-snapshot-files";
import type { JobContext, JobOutcome } from "../job-context";
import { loadEnvironmentForJob } from "@/lib/environments/environment-for-job";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { retentionJob } from "@/lib/backups/retention-job";
import { enqueueJob } from "../queue";
import { listedSnapshotIds, openDestinationRepo, type OpenedRepo } from "./destination-repo";

type SnapRow = typeof backupSnapshots.$inferSelect;

/** Rows whose snapshot restic saved (`partial`: saved, but some files could not be read). */
const SAVED = new Set<SnapRow["status"]>(["succeeded", "partial"]);

export function errorInfo(e: unknown, fallbackCode = "backup_failed"): ErrorInfo {
  const err = e as { code?: unknown; name?: string; message?: string };
  const code = typeof err?.code === "string" ? err.code : err?.name && err.name !== "Error" ? err.name : fallbackCode;
  return { code, message: (err?.message || String(e)).slice(0, 2000) };
}

function isCancel(e: unknown, signal: AbortSignal): boolean {
  return e instanceof Cancelled || signal.aborted;
}

/** A worker that died mid-stream can leave a truncated stdin snapshot tagged with this backup (restic
 * saw end-of-input when its producer died). On a retry, snapshots of this backup that no row records are
 * forgotten so a restore can never pick one up. */
async function forgetStrays(ctx: BackupJobContext, r: OpenedRepo, listed: Set<string>, recorded: Set<string>) {
  const strays = [...listed].filter((id) => !recorded.has(id));
  if (!strays.length) return;
  await forget(r.repo, { ids: strays });
  for (const id of strays) listed.delete(id);
  await ctx.log(
    "info",
    `Removed ${strays.length} unfinished snapshot(s) left in ${r.name} by the interrupted attempt.`,
  );
}

type BackupJobContext = JobContext<{ subjectId: string; environmentId: string }, BackupProgress>;

export async function runBackup(ctx: BackupJobContext): Promise<JobOutcome> {
  const db = getDb();
  const backupId = ctx.input.subjectId;
  const [b] = await db.select().from(backups).where(eq(backups.id, backupId));
  if (!b) return { status: "failed", error: { code: "not_found", message: "The backup row is gone." } };
  if (["succeeded", "partial", "failed", "cancelled"].includes(b.status))
    return { status: b.status as JobOutcome["status"] };
  const { env, sources } = await loadEnvironmentForJob(b.environmentId);
  const settings = await getEffectiveSettings(env.id);
  await db
    .update(backups)
    .set({ status: "running", startedAt: b.startedAt ?? new Date(), error: null })
    .where(eq(backups.id, backupId));
  ctx.mirrorProgress(async (p) => {
    await db.update(backups).set({ progress: p }).where(eq(backups.id, backupId));
  });

  const tags = ["lifeboat", `env:${env.id}`, `backup:${backupId}`, `trigger:${b.trigger}`];
  const previous = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, backupId));
  const prevKey = (s: string, d: string) => previous.find((r) => r.sourceId === s && r.destinationId === d);

  // Open every destination first; one that cannot be opened fails its part, not the whole run.
  const repos: OpenedRepo[] = [];
  const destErrors = new Map<string, ErrorInfo>();
  for (const d of settings.destinationIds) {
    try {
      repos.push(await openDestinationRepo(d, { init: true, clearStaleLocks: ctx.attempt > 1 }));
    } catch (e) {
      destErrors.set(d, errorInfo(e, "destination_unavailable"));
      await ctx.log("error", `Could not open destination: ${errorInfo(e).message}`);
    }
  }

  const units = Math.max(1, sources.length * settings.destinationIds.length);
  let unit = 0;
  let cancelled = false;
  const report = (p: Progress, phase: string) => {
    const percent = ((unit + Math.min(1, Math.max(0, p.percent))) / units) * 100;
    const progress: BackupProgress = {
      percent: Math.round(percent * 10) / 10,
      bytesDone: p.bytesDone,
      bytesTotal: p.bytesTotal,
      filesDone: p.filesDone,
      etaSeconds: p.etaSeconds ?? null,
      phase,
    };
    ctx.progress(progress);
  };

  const upsertRow = async (src: (typeof sources)[number], destinationId: string, values: Partial<SnapRow>) => {
    const existing = prevKey(src.id, destinationId);
    if (existing) {
      const [row] = await db.update(backupSnapshots).set(values).where(eq(backupSnapshots.id, existing.id)).returning();
      Object.assign(existing, row);
      return row!;
    }
    const [row] = await db
      .insert(backupSnapshots)
      .values({
        backupId,
        sourceId: src.id,
        destinationId,
        sourceName: src.name,
        sourceType: src.type,
        status: "queued",
        ...values,
      })
      .returning();
    previous.push(row!);
    return row!;
  };

  for (const src of sources) {
    if (cancelled) break;
    for (const [d, err] of destErrors) await upsertRow(src, d, { status: "failed", error: err });
    const todo = repos.filter((r) => !SAVED.has(prevKey(src.id, r.destinationId)?.status ?? "queued"));
    unit += repos.length - todo.length + destErrors.size;
    if (!todo.length) continue;
    try {
      const spec = await loadSourceSpec(src.id);
      // The runner runs the hooks itself (once around all destinations), so it checks the source's
      // settings first: a misconfigured source must never run its pre hook (e.g. maintenance mode on).
      validateSource(spec);
      const hooks = b.live ? undefined : (spec.hooks ?? settings.hooks ?? undefined);
      const bare = { ...spec, hooks: undefined };
      await runWithHooks(
        hooks,
        {
          env: { LIFEBOAT_OPERATION: "backup", LIFEBOAT_SOURCE_NAME: src.name, LIFEBOAT_SOURCE_TYPE: src.type },
          signal: ctx.signal,
          onHook: (r) =>
            void ctx.log(
              r.ok ? "info" : "error",
              `${r.phase} hook of ${src.name}: ${r.ok ? "ok" : "failed"} (${r.durationMs} ms)`,
            ),
        },
        async () => {
          for (const r of todo) {
            const phase = `${src.name} → ${r.name}`;
            const row = await upsertRow(src, r.destinationId, {
              status: "running",
              startedAt: new Date(),
              error: null,
            });
            try {
              let res: BackupResult;
              let partial: PartialBackup | null = null;
              try {
                res = await backupSource(r.repo, bare, {
                  tags: [...tags, `source:${src.id}`],
                  host: env.slug,
                  signal: ctx.signal,
                  onProgress: (p) => report(p, phase),
                });
              } catch (e) {
                // restic exit 3: the snapshot was saved without some files. Keep it, say which files.
                if (!(e instanceof PartialBackup)) throw e;
                partial = e;
                const unreadable = e.unreadableFiles.map((f) => `Could not read ${f}`);
                res = { ...e.result, warnings: [...new Set([...e.result.warnings, ...unreadable])] };
              }
              await upsertRow(src, r.destinationId, {
                status: partial ? "partial" : "succeeded",
                error: partial ? errorInfo(partial, "partial_backup") : null,
                snapshotId: res.snapshotId,
                totalBytes: res.totalBytes,
                addedBytes: res.addedBytes,
                filesTotal: res.totalFiles,
                durationMs: Math.round(res.durationMs),
                warnings: res.warnings,
                finishedAt: new Date(),
              });
              for (const w of res.warnings) await ctx.log("warn", `${phase}: ${w}`);
              if (src.type === "directory") {
                await indexSnapshotFiles(row.id, r.repo, res.snapshotId, { signal: ctx.signal }).catch((e) =>
                  ctx.log(
                    "warn",
                    `${phase}: the file list could not be indexed (${errorInfo(e).message}); the backup itself is fine.`,
                  ),
                );
              }
            } catch (e) {
              if (isCancel(e, ctx.signal)) {
                await upsertRow(src, r.destinationId, { status: "cancelled", finishedAt: new Date() });
                throw e;
              }
              await upsertRow(src, r.destinationId, { status: "failed", error: errorInfo(e), finishedAt: new Date() });
              await ctx.log("error", `${phase}: ${errorInfo(e).message}`);
            } finally {
              unit++;
            }
          }
        },
      );
    } catch (e) {
      if (isCancel(e, ctx.signal)) {
        cancelled = true;
      } else {
        // The pre hook (or loading the source) failed: nothing of this source was backed up.
        for (const r of todo) {
          if (!SAVED.has(prevKey(src.id, r.destinationId)?.status ?? "queued")) {
            await upsertRow(src, r.destinationId, { status: "failed", error: errorInfo(e), finishedAt: new Date() });
          }
        }
        await ctx.log("error", `${src.name}: ${errorInfo(e).message}`);
      }
    }
  }
  if (cancelled) {
    await db
      .update(backupSnapshots)
      .set({ status: "cancelled" })
      .where(and(eq(backupSnapshots.backupId, backupId), inArray(backupSnapshots.status, ["queued", "running"])));
  }

  // The repository is the truth: a snapshot only counts once it is listed there.
  for (const r of repos) {
    const rows = previous.filter((p) => p.destinationId === r.destinationId && SAVED.has(p.status));
    if (!rows.length) continue;
    try {
      const listed = await listedSnapshotIds(r.repo, backupId);
      if (ctx.attempt > 1) await forgetStrays(ctx, r, listed, new Set(previous.map((p) => p.snapshotId ?? "")));
      for (const row of rows) {
        if (!row.snapshotId || !listed.has(row.snapshotId)) {
          await upsertRow(
            { id: row.sourceId, name: row.sourceName, type: row.sourceType } as (typeof sources)[number],
            r.destinationId,
            {
              status: "failed",
              error: {
                code: "snapshot_missing",
                message: `The snapshot of ${row.sourceName} is not listed in ${r.name}; run the backup again.`,
              },
            },
          );
        }
      }
    } catch (e) {
      for (const row of rows) {
        await upsertRow({ id: row.sourceId } as (typeof sources)[number], r.destinationId, {
          status: "failed",
          error: {
            code: "verify_failed",
            message: `Could not confirm the snapshot in ${r.name}: ${errorInfo(e).message}`,
          },
        });
      }
    }
  }

  const final = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, backupId));
  const ok = final.filter((r) => SAVED.has(r.status));
  const expected = sources.length * settings.destinationIds.length;
  const status: JobOutcome["status"] = cancelled
    ? "cancelled"
    : ok.length === expected && expected > 0 && ok.every((r) => r.status === "succeeded")
      ? "succeeded"
      : ok.length > 0
        ? "partial"
        : "failed";
  const failedRows = final.filter((r) => r.status === "failed" || r.status === "partial");
  const error: ErrorInfo | null =
    status === "succeeded" || status === "cancelled"
      ? null
      : failedRows.length
        ? {
            code: failedRows[0]!.error?.code ?? "backup_failed",
            message: failedRows
              .map((r) => `${r.sourceName}: ${r.error?.message ?? "failed"}`)
              .join(" · ")
              .slice(0, 2000),
          }
        : { code: "backup_failed", message: "No source could be backed up." };
  if (status === "succeeded")
    ctx.progress({ percent: 100, bytesDone: 0, bytesTotal: 0, filesDone: 0, etaSeconds: 0, phase: "done" });
  await ctx.flush();
  await db
    .update(backups)
    .set({
      status,
      finishedAt: new Date(),
      totalBytes: ok.reduce((n, r) => n + (r.totalBytes ?? 0), 0),
      addedBytes: ok.reduce((n, r) => n + (r.addedBytes ?? 0), 0),
      error,
      ...(status === "succeeded"
        ? { progress: { percent: 100, bytesDone: 0, bytesTotal: 0, filesDone: 0, etaSeconds: 0, phase: "done" } }
        : {}),
    })
    .where(eq(backups.id, backupId));
  if ((status === "succeeded" || status === "partial") && b.trigger !== "safety") {
    await enqueueJob(
      retentionJob.request({ subjectId: env.id, environmentId: env.id, params: { after: backupId } }),
    ).catch((e) => ctx.log("warn", `Retention could not be queued: ${errorInfo(e).message}`));
  }
  return { status, error };
}
