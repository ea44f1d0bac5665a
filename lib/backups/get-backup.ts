/* One backup in the API.md `Backup` shape (sources, progress while running, error). Read-only. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { loadBackupViews, type BackupRow, type BackupView } from "./backup-view";

export async function getBackupRow(id: string, opts: { includeDeleted?: boolean } = {}): Promise<BackupRow> {
  const [row] = isUuid(id) ? await getDb().select().from(backups).where(eq(backups.id, id)) : [];
  if (!row || (row.deletedAt && !opts.includeDeleted)) {
    throw new AppError("not_found", row ? "This backup was deleted." : "This backup does not exist.");
  }
  return row;
}

export async function getBackup(id: string): Promise<BackupView> {
  const [view] = await loadBackupViews([await getBackupRow(id)]);
  return view!;
}
