/* Step 1 of a backup run: open every destination's repository (created on first use; on a retry,
 * cleared of stale restic locks). One that cannot be opened fails its part, not the whole run. */
import "server-only";
import { openDestinationRepo, type OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { errorInfo, type ErrorInfo } from "@/lib/error-info";
import type { BackupRun } from "./backup-run";

export type OpenedDestinations = { repos: OpenedRepo[]; unavailable: Map<string, ErrorInfo> };

export async function openDestinations(run: BackupRun, destinationIds: string[]): Promise<OpenedDestinations> {
  const repos: OpenedRepo[] = [];
  const unavailable = new Map<string, ErrorInfo>();
  for (const d of destinationIds) {
    try {
      repos.push(await openDestinationRepo(d, { init: true, clearStaleLocks: run.attempt > 1 }));
    } catch (e) {
      unavailable.set(d, errorInfo(e, "destination_unavailable"));
      await run.log("error", `Could not open destination: ${errorInfo(e).message}`);
    }
  }
  return { repos, unavailable };
}
