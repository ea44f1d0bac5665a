/* The size check of a backup's verification: a source whose snapshot shrinks below half, or grows past
 * three times, the median size of its last 10 good backups is a "size anomaly" (accidental deletion and
 * ransomware look like this) — a warning, never a failure: the backup itself is fine. "Good" backups are
 * succeeded, not safety backups (those hold a restore's selected files only), and not failed
 * verification; warnings count, so after a deliberate change the median follows within a few backups.
 * The comparison is pure (`sizeCheck`); one query reads the history. */
import "server-only";
import { sql } from "drizzle-orm";
import { formatBytes } from "@/components/ui/format";
import { getDb } from "@/lib/db";
import type { TCheckResult } from "@/lib/proof/schema";

/** The name of a size check that warns ("Size anomaly · <source>"); a sane size is "Size · <source>". */
export const SIZE_CHECK = "Size anomaly";
const HISTORY = 10;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The check for a snapshot of `bytes` against earlier good backups' sizes; null with no history. */
export function sizeCheck(sourceName: string, bytes: number, history: number[]): TCheckResult | null {
  if (!history.length) return null;
  const m = median(history);
  const of = `the median ${formatBytes(m)} of its last ${history.length} good backup${history.length === 1 ? "" : "s"}`;
  const name = `${SIZE_CHECK} · ${sourceName}`;
  const fine = `Size · ${sourceName}`;
  if (m > 0 && bytes < m / 2) {
    return {
      name,
      status: "warning",
      message: `${formatBytes(bytes)} is less than half ${of}. Check whether files or tables were deleted.`,
    };
  }
  if (bytes > m * 3 && bytes - m > 1024 * 1024) {
    return {
      name,
      status: "warning",
      message: `${formatBytes(bytes)} is more than three times ${of}. Check for unexpected new data (or encrypted files).`,
    };
  }
  return { name: fine, status: "passed", message: `${formatBytes(bytes)}, in line with ${of}.` };
}

/** The sizes of this source's snapshots in its last good backups (not `exceptBackupId`), newest first. */
export async function sizeHistory(sourceId: string, exceptBackupId: string): Promise<number[]> {
  const { rows } = await getDb().execute(sql`
    select max(s.total_bytes) as bytes
    from backup_snapshots s join backups b on b.id = s.backup_id
    where s.source_id = ${sourceId}::uuid and s.status = 'succeeded' and s.total_bytes is not null
      and b.status = 'succeeded' and b.trigger <> 'safety' and b.id <> ${exceptBackupId}::uuid
      and (b.verification is null or b.verification->>'status' <> 'failed')
    group by b.id, b.finished_at
    order by b.finished_at desc nulls last
    limit ${HISTORY}`);
  return rows.map((r) => Number((r as { bytes: string | number }).bytes));
}
