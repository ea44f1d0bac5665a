/* What a backup run's rows add up to: `succeeded` only when every (source, destination) snapshot is
 * saved cleanly and listed; `partial` when some are saved (or saved without some files); `failed` when
 * none is; `cancelled` when a user cancelled. The error names each failed part. Pure. */
import { Cancelled } from "@/lib/engine";
import type { ErrorInfo } from "@/lib/error-info";
import type { SnapshotRow } from "../backup-rows";

/** Rows whose snapshot restic saved (`partial`: saved, but some files could not be read). */
export const SAVED = new Set<SnapshotRow["status"]>(["succeeded", "partial"]);

export function isCancel(e: unknown, signal: AbortSignal): boolean {
  return e instanceof Cancelled || signal.aborted;
}

export type RunStatus = "succeeded" | "partial" | "failed" | "cancelled";

export function backupOutcome(
  rows: SnapshotRow[],
  expected: number,
  cancelled: boolean,
): { status: RunStatus; error: ErrorInfo | null } {
  const ok = rows.filter((r) => SAVED.has(r.status));
  const status: RunStatus = cancelled
    ? "cancelled"
    : ok.length === expected && expected > 0 && ok.every((r) => r.status === "succeeded")
      ? "succeeded"
      : ok.length > 0
        ? "partial"
        : "failed";
  if (status === "succeeded" || status === "cancelled") return { status, error: null };
  const failedRows = rows.filter((r) => r.status === "failed" || r.status === "partial");
  if (!failedRows.length) return { status, error: { code: "backup_failed", message: "No source could be backed up." } };
  return {
    status,
    error: {
      code: failedRows[0]!.error?.code ?? "backup_failed",
      message: failedRows
        .map((r) => `${r.sourceName}: ${r.error?.message ?? "failed"}`)
        .join(" · ")
        .slice(0, 2000),
    },
  };
}
