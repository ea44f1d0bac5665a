/* Step 2 of a backup run, for one source: its pre hook → its data streamed into each destination still
 * to do → its post hook (always; hooks only when the backup is not "live"). This step owns the hooks
 * (one pair around all destinations; the engine's backupSourceData runs none). Each destination's
 * snapshot row goes running → succeeded / partial (restic exit 3: saved without some files, which
 * become warnings) / failed / cancelled. A misconfigured source fails before its pre hook runs. The
 * snapshot's manifest is written on its row; the engine's own checks go to the run's ProofLog. */
import "server-only";
import {
  backupSourceData,
  DumpIncomplete,
  PartialBackup,
  runWithHooks,
  validateSource,
  type BackupResult,
  type Progress,
} from "@/lib/engine";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import type { OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { errorInfo, type ErrorInfo } from "@/lib/error-info";
import type { SourceRow } from "@/lib/environments/environment-for-job";
import { specOf } from "@/lib/sources/load-source-spec";
import { openSourceSecrets } from "@/lib/sources/source-view";
import { roleOf } from "@/lib/sources/source-role";
import type { SnapshotKey, SnapshotRow, SnapshotRows } from "../backup-rows";
import { parentSnapshot } from "./index-files";
import { isCancel, SAVED } from "./outcome";
import type { BackupRun, RunProgress } from "./backup-run";
import type { ProofLog } from "./verify-backup";

export type SourceRunInput = {
  src: SourceRow;
  repos: OpenedRepo[];
  unavailable: Map<string, ErrorInfo>;
  rows: SnapshotRows;
  tags: string[];
  host: string;
  hooks:
    | { pre?: { command: string; timeoutSeconds?: number }; post?: { command: string; timeoutSeconds?: number } }
    | null
    | undefined;
  live: boolean;
  /** Only these paths of a directory source (a safety backup of the files a restore replaces). */
  paths?: string[];
  tracker: RunProgress;
  /** Each saved (or incomplete) snapshot row's own checks, for the run's verification step. */
  proof: ProofLog;
  /** Called with each saved snapshot and the parent it was compared against (the file index of a
   * directory source starts here, off this source's path). */
  onSaved(row: SnapshotRow, repo: OpenedRepo, result: BackupResult, parent?: SnapshotRow): void;
};

const keyOf = (src: SourceRow, destinationId: string): SnapshotKey => ({
  sourceId: src.id,
  sourceName: src.name,
  sourceType: src.type,
  sourceRole: roleOf(src),
  destinationId,
});

/** Backs up one source; resolves "cancelled" when a cancel stopped it. */
export async function backUpSource(run: BackupRun, s: SourceRunInput): Promise<"done" | "cancelled"> {
  const { src, rows } = s;
  for (const [d, err] of s.unavailable)
    await rows.write(keyOf(src, d), { status: "failed", error: err, finishedAt: new Date() });
  const todo = s.repos.filter((r) => !SAVED.has(rows.find(src.id, r.destinationId)?.status ?? "queued"));
  s.tracker.skip(s.repos.length - todo.length + s.unavailable.size);
  if (!todo.length) return "done";
  try {
    // The run read the source's row (with its sealed secrets) with the environment: no second read.
    const spec = specOf(src, openSourceSecrets(src));
    validateSource(spec);
    const hooks = s.live ? undefined : (spec.hooks ?? s.hooks ?? undefined);
    await runWithHooks(
      hooks,
      {
        env: { LIFEBOAT_OPERATION: "backup", LIFEBOAT_SOURCE_NAME: src.name, LIFEBOAT_SOURCE_TYPE: src.type },
        signal: run.signal,
        onHook: (r) =>
          void run.log(
            r.ok ? "info" : "error",
            `${r.phase} hook of ${src.name}: ${r.ok ? "ok" : "failed"} (${r.durationMs} ms)`,
          ),
      },
      async () => {
        for (const r of todo) await intoDestination(run, s, spec, r);
      },
    );
    return "done";
  } catch (e) {
    if (isCancel(e, run.signal)) return "cancelled";
    // The pre hook (or loading the source) failed: nothing of this source was backed up.
    for (const r of todo) {
      if (!SAVED.has(rows.find(src.id, r.destinationId)?.status ?? "queued")) {
        await rows.write(keyOf(src, r.destinationId), {
          status: "failed",
          error: errorInfo(e),
          finishedAt: new Date(),
        });
      }
    }
    await run.log("error", `${src.name}: ${errorInfo(e).message}`);
    return "done";
  }
}

async function intoDestination(
  run: BackupRun,
  s: SourceRunInput,
  spec: ReturnType<typeof specOf>,
  r: OpenedRepo,
): Promise<void> {
  const { src, rows } = s;
  const phase = `${src.name} → ${r.name}`;
  const key = keyOf(src, r.destinationId);
  const unit = `${src.id}/${r.destinationId}`;
  const row = await rows.write(key, { status: "running", startedAt: new Date(), error: null });
  let saved: { bytes: number; files: number } | null = null;
  try {
    const parent = src.type === "directory" ? await parentSnapshot(src.id, r) : undefined;
    let res: BackupResult;
    let partial: PartialBackup | null = null;
    try {
      const opts = {
        tags: [...s.tags, `source:${src.id}`],
        host: s.host,
        ...(parent?.snapshotId ? { parent: parent.snapshotId } : {}),
        signal: run.signal,
        onProgress: (p: Progress) => s.tracker.report(unit, p, phase),
        ...(s.paths ? { paths: s.paths } : {}),
      };
      res = await withRepositoryLock(r.destinationId, "shared", () => backupSourceData(r.repo, spec, opts), {
        signal: run.signal,
        purpose: "backup",
      });
    } catch (e) {
      // restic exit 3: the snapshot was saved without some files. Keep it, say which files.
      if (!(e instanceof PartialBackup)) throw e;
      partial = e;
      const unreadable = e.unreadableFiles.map((f) => `Could not read ${f}`);
      res = { ...e.result, warnings: [...new Set([...e.result.warnings, ...unreadable])] };
    }
    await rows.write(key, {
      status: partial ? "partial" : "succeeded",
      error: partial ? errorInfo(partial, "partial_backup") : null,
      snapshotId: res.snapshotId,
      manifest: res.proof?.manifest ?? null,
      totalBytes: res.totalBytes,
      addedBytes: res.addedBytes,
      filesTotal: res.totalFiles,
      durationMs: Math.round(res.durationMs),
      warnings: res.warnings,
      finishedAt: new Date(),
    });
    s.proof.set(row.id, res.proof?.checks ?? []);
    for (const w of res.warnings) await run.log("warn", `${phase}: ${w}`);
    saved = { bytes: res.totalBytes, files: res.totalFiles };
    s.onSaved(row, r, res, parent);
  } catch (e) {
    if (isCancel(e, run.signal)) {
      await rows.write(key, { status: "cancelled", finishedAt: new Date() });
      throw e;
    }
    await rows.write(key, { status: "failed", error: errorInfo(e), finishedAt: new Date() });
    if (e instanceof DumpIncomplete)
      s.proof.set(row.id, [{ name: "Dump is complete", status: "failed", message: e.problem }]);
    await run.log("error", `${phase}: ${errorInfo(e).message}`);
  } finally {
    s.tracker.finish(unit, saved);
  }
}
