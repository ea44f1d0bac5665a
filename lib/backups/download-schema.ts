/* The download request of backup contents, declared once for the route and the panel (browser-safe).
 * tar|zip: a file or folder packed as an archive. file: one file as itself — for a database source its
 * stored dump (PostgreSQL `.pgdump` custom format, MariaDB/MySQL `.sql`, SQLite the database file).
 * sql: a PostgreSQL dump converted to plain SQL while streaming (MariaDB/MySQL dumps already are SQL). */
import { z } from "zod";

export const DOWNLOAD_FORMATS = ["tar", "zip", "file", "sql"] as const;

export const ZBackupDownload = z.object({
  sourceId: z.string().uuid("Choose a source of this backup."),
  path: z.string().max(4096).default("/"),
  format: z.enum(DOWNLOAD_FORMATS, "Choose tar, zip, file (as stored) or sql.").default("tar"),
});
export type TBackupDownload = z.output<typeof ZBackupDownload>;

/** Source types whose stored dump can also be had as plain SQL. */
export function offersPlainSql(sourceType: string): boolean {
  return sourceType === "postgres";
}

/** The URL of a database source's dump in this backup, as stored or as plain SQL. */
export function dumpDownloadUrl(backupId: string, sourceId: string, format: "file" | "sql"): string {
  const q = new URLSearchParams({ sourceId, format });
  return `/api/v1/backups/${encodeURIComponent(backupId)}/download?${q}`;
}
