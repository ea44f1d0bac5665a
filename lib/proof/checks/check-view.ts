/* The API shapes of integrity checks: one check (GET /api/v1/checks/{id}) and a destination's integrity
 * summary (`integrity` on GET /api/v1/destinations/{id} and on the Destinations page) — the latest
 * finished check and how much of the data the checks of the last 30 days read — for many destinations
 * in one query. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { latestChecksByDestination } from "../latest-proof";
import type { IntegrityCheckView, ProofJobStatus, ReadDataMode } from "../schema";
import { type CheckRow, getCheckRow } from "./check-rows";
import { checkSettingsOf } from "./check-settings";
import { dataReadPercent } from "./read-data-plan";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCheckView(row: CheckRow): IntegrityCheckView & { readData: ReadDataMode; clearedLocks: string[] } {
  return {
    id: row.id,
    destinationId: row.destinationId,
    status: row.status,
    readData: row.readData,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    ...(row.readDataSubset ? { readDataSubset: row.readDataSubset } : {}),
    errors: row.errors,
    damagedPacks: row.damagedPacks,
    damagedBackupIds: row.damagedBackupIds,
    clearedLocks: row.clearedLocks,
  };
}

export async function getCheck(id: string) {
  const row = isUuid(id) ? await getCheckRow(id) : undefined;
  if (!row) throw new AppError("not_found", "This check does not exist.");
  return toCheckView(row);
}

export type DestinationIntegrity = {
  lastCheckAt: string | null;
  lastCheckStatus: ProofJobStatus | null;
  dataReadPercent30d: number;
  /** A check queued or running now, so the panel can show it instead of a second button press. */
  activeCheckId: string | null;
  /** The rotation t of the data read (every pack once every t checks), after the download cap. */
  readDataRuns: number;
  /** About what one rotating check downloads (stored bytes / t). */
  estimatedBytesPerCheck: number;
};

/** The integrity summary of each destination asked for: the latest finished check (the read side's one
 * query for it, lib/proof/latest-proof.ts) and the checks running now or read in the last 30 days. */
export async function destinationIntegrity(
  ids: string[],
  now = new Date(),
): Promise<Map<string, DestinationIntegrity>> {
  const out = new Map<string, DestinationIntegrity>();
  if (!ids.length) return out;
  const latest = await latestChecksByDestination();
  const settings = await checkSettingsOf(ids);
  for (const id of ids) {
    const l = latest.get(id);
    const s = settings.get(id)!;
    out.set(id, {
      lastCheckAt: l?.finishedAt ?? null,
      lastCheckStatus: l?.status ?? null,
      dataReadPercent30d: 0,
      activeCheckId: null,
      readDataRuns: s.effectiveReadDataRuns,
      estimatedBytesPerCheck: s.estimatedBytesPerCheck,
    });
  }
  const since = new Date(now.getTime() - 30 * 86400_000).toISOString();
  const { rows } = await getDb().execute(sql`
    select destination_id, id, status, read_data, read_data_subset
    from integrity_checks
    where destination_id = any(${`{${ids.join(",")}}`}::uuid[])
      and (status in ('queued', 'running') or (status = 'succeeded' and finished_at >= ${since}::timestamptz))
    order by created_at`);
  const read = new Map<string, { readData: ReadDataMode; readDataSubset: string | null }[]>();
  for (const r of rows as Record<string, any>[]) {
    if (r.status === "succeeded") {
      read.set(r.destination_id, [
        ...(read.get(r.destination_id) ?? []),
        { readData: r.read_data, readDataSubset: r.read_data_subset },
      ]);
    } else (out.get(r.destination_id) as DestinationIntegrity).activeCheckId ??= r.id;
  }
  for (const [id, checks] of read)
    (out.get(id) as DestinationIntegrity).dataReadPercent30d = dataReadPercent(
      checks,
      settings.get(id)!.effectiveReadDataRuns,
    );
  return out;
}
