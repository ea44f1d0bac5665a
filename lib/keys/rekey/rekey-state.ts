/* GET /destinations/{id}/rekey: where the destination's repository is and how big it is (what a re-key
 * would copy: the stored bytes Lifeboat counts, lib/destinations/storage/stored-bytes.ts, and the number
 * of kept snapshots), and the state of its latest re-key — none, running (queued or running), switched
 * (the old repository is kept until deleteAfter), done (deleted) or failed (the destination stayed on its
 * repository). Locations are display strings without credentials. */
import "server-only";
import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots } from "@/lib/db/schema";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { storedBytesOf } from "@/lib/destinations/storage/stored-bytes";
import { locationLabel } from "./new-location";
import { latestRekeyRow, toRekeyView } from "./rekey-rows";
import type { DestinationRekeyState } from "./schema";

export async function getRekeyState(destinationId: string): Promise<DestinationRekeyState> {
  const dest = await getDestinationRow(destinationId);
  const [bytes, [snaps], row] = await Promise.all([
    storedBytesOf([dest.id]),
    getDb()
      .select({ n: count() })
      .from(backupSnapshots)
      .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
      .where(
        and(
          eq(backupSnapshots.destinationId, dest.id),
          isNull(backups.deletedAt),
          isNotNull(backupSnapshots.snapshotId),
        ),
      ),
    latestRekeyRow(dest.id),
  ]);
  const latest = row ? toRekeyView(row, dest.type) : null;
  const state: DestinationRekeyState["state"] = !row
    ? "none"
    : row.status === "queued" || row.status === "running"
      ? "running"
      : row.status === "switched"
        ? "switched"
        : row.status === "done"
          ? "done"
          : "failed";
  return {
    state,
    location: locationLabel(dest.type, dest.config),
    repositoryBytes: dest.initializedAt ? (bytes.get(dest.id) ?? 0) : null,
    snapshotCount: Number(snaps?.n ?? 0),
    oldLocation: row?.oldConfig && row.status === "switched" ? locationLabel(dest.type, row.oldConfig) : null,
    deleteAfter: row?.status === "switched" ? (row.deleteAfter?.toISOString() ?? null) : null,
    latest,
  };
}
