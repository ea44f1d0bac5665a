/* Step 3b of a backup run, after its snapshots were found listed (verify-snapshots.ts) and its folders
 * indexed: the backup's verification — every check with its result, the worst of them its status —
 * written on the backup row with the outcome (settle.ts). The checks: the snapshots are listed; each source's
 * own checks from the engine (the dump is complete, the row counts were taken); a directory source's
 * required paths are in its snapshot; each source's size is sane against its history (size-check.ts).
 * A snapshot that fails a check is no restore point: its row becomes `failed` (`verification_failed`),
 * so the backup cannot say "succeeded" — it is `partial` when other snapshots are good, `failed` when
 * none is (backupOutcome's rule). A size anomaly only warns. */
import "server-only";
import type { OpenedRepo } from "@/lib/destinations/open-destination-repo";
import type { SourceRow } from "@/lib/environments/environment-for-job";
import { errorInfo } from "@/lib/error-info";
import { CHECK_STATUSES, type TCheckResult, type TVerification, worstStatus } from "@/lib/proof/schema";
import { ZDirectoryConfig } from "@/lib/sources/source-config";
import type { SnapshotRows } from "../backup-rows";
import type { BackupRun } from "./backup-run";
import { SAVED } from "./outcome";
import { requiredPathsCheck } from "./required-paths";
import { sizeCheck, sizeHistory } from "./size-check";

/** Snapshot row id → the engine's own checks of that snapshot (filled by back-up-source.ts). */
export type ProofLog = Map<string, TCheckResult[]>;

/** The check that says no snapshot was saved at all: the backup failed, which backup_failed reports. */
export const NOTHING_SAVED_CHECK = "Snapshots saved";

const rank = (s: TCheckResult["status"]) => CHECK_STATUSES.indexOf(s);
const NOT_LISTED = new Set(["snapshot_missing", "verify_failed"]);

/** Adds `c`, or keeps the worse of it and the check of the same name already there. */
function merge(checks: TCheckResult[], c: TCheckResult): void {
  const i = checks.findIndex((x) => x.name === c.name);
  if (i < 0) checks.push(c);
  else if (rank(c.status) > rank(checks[i]!.status)) checks[i] = c;
}

export type VerifyInput = {
  backupId: string;
  sources: SourceRow[];
  repos: OpenedRepo[];
  rows: SnapshotRows;
  proof: ProofLog;
  /** A safety backup (a restore's selected files): no size or required-paths checks. */
  safety: boolean;
  /** The sources' size histories when the run read them ahead (prefetchSizeHistories). */
  sizeHistories?: SizeHistories;
};

/** Source id → its size history (size-check.ts), being read; null when that read failed. */
export type SizeHistories = Map<string, Promise<number[] | null>>;

/** Starts reading every source's size history (a run does it while restic still works). A read that
 * fails is read again by the check, which then reports the error as before. */
export function prefetchSizeHistories(sources: SourceRow[], backupId: string): SizeHistories {
  return new Map(sources.map((s) => [s.id, sizeHistory(s.id, backupId).catch(() => null)]));
}

export async function verifyBackup(run: BackupRun, v: VerifyInput): Promise<TVerification> {
  const checks: TCheckResult[] = [];
  const all = v.rows.rows;
  const notListed = all.filter((r) => r.status === "failed" && NOT_LISTED.has(r.error?.code ?? ""));
  const saved = all.filter((r) => SAVED.has(r.status));
  if (saved.length || notListed.length) {
    checks.push({
      name: "Snapshots listed",
      status: notListed.length ? "failed" : "passed",
      message: notListed.length
        ? notListed.map((r) => r.error!.message).join(" ")
        : `${saved.length} snapshot${saved.length === 1 ? " is" : "s are"} listed in ${saved.length === 1 ? "its destination" : "their destinations"}.`,
    });
  } else {
    checks.push({
      name: NOTHING_SAVED_CHECK,
      status: "failed",
      message: "No snapshot was saved, so nothing could be verified.",
    });
  }
  for (const src of v.sources) {
    const mine = all.filter((r) => r.sourceId === src.id);
    for (const r of mine)
      for (const c of v.proof.get(r.id) ?? []) merge(checks, { ...c, name: `${c.name} · ${src.name}` });
    const good = () => mine.filter((r) => SAVED.has(r.status));
    if (!good().length) continue;
    if (src.type === "directory" && !v.safety) await checkRequiredPaths(run, v, src, good(), checks);
    if (!v.safety && good().length) {
      const bytes = Math.max(...good().map((r) => r.totalBytes ?? 0));
      const history = (await v.sizeHistories?.get(src.id)) ?? (await sizeHistory(src.id, v.backupId));
      const c = sizeCheck(src.name, bytes, history);
      if (c) merge(checks, c);
    }
  }
  return { status: worstStatus(checks), checks };
}

async function checkRequiredPaths(
  run: BackupRun,
  v: VerifyInput,
  src: SourceRow,
  good: SnapshotRows["rows"],
  checks: TCheckResult[],
): Promise<void> {
  const cfg = ZDirectoryConfig.safeParse(src.config);
  const required = cfg.success ? (cfg.data.requiredPaths ?? []) : [];
  if (!cfg.success || !required.length) return;
  for (const row of good) {
    const repo = v.repos.find((r) => r.destinationId === row.destinationId);
    if (!repo || !row.snapshotId) continue;
    let c: TCheckResult;
    try {
      c = await requiredPathsCheck(row, repo.repo, cfg.data.path, required, run.signal);
    } catch (e) {
      c = {
        name: `Required paths · ${src.name}`,
        status: "failed",
        message: `Could not read the snapshot: ${errorInfo(e).message}`,
      };
    }
    merge(checks, c);
    if (c.status !== "failed") continue;
    await v.rows.write(row, {
      status: "failed",
      error: { code: "verification_failed", message: `${src.name} → ${repo.name}: ${c.message}` },
    });
    await run.log("error", `${src.name} → ${repo.name}: verification failed: ${c.message}`);
  }
}
