/* "Download dump" (the stored file as itself: PostgreSQL `.pgdump` custom format, MariaDB/MySQL `.sql`,
 * SQLite the database file, a command's output) and, for PostgreSQL, "as plain SQL", for one database
 * source of a backup. Plain links: the browser streams the file straight to disk. The page shows them
 * only when the user may download contents (canDownloadBackupContents); the server checks again. */
import { Download } from "lucide-react";
import { dumpDownloadUrl, offersPlainSql } from "@/lib/backups/download-schema";

const STORED_LABEL: Record<string, string> = {
  postgres: "custom-format .pgdump, for pg_restore",
  mysql: "plain SQL, for mariadb / mysql",
  sqlite: "the SQLite database file",
  command: "the command's output as stored",
};

export function DumpDownloadLinks({
  backupId,
  sourceId,
  sourceName,
  sourceType,
}: {
  backupId: string;
  sourceId: string;
  sourceName: string;
  sourceType: string;
}) {
  const cls =
    "inline-flex items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 py-0.5 text-xs font-medium " +
    "text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800";
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1.5" data-testid="dump-downloads">
      <a
        href={dumpDownloadUrl(backupId, sourceId, "file")}
        download
        className={cls}
        title={`Download the dump of ${sourceName} as stored: ${STORED_LABEL[sourceType] ?? "as stored"}`}
        data-testid="download-dump"
      >
        <Download className="size-3.5" aria-hidden /> Download dump
      </a>
      {offersPlainSql(sourceType) ? (
        <a
          href={dumpDownloadUrl(backupId, sourceId, "sql")}
          download
          className={cls}
          title={`Download the dump of ${sourceName} converted to plain SQL (for psql)`}
          data-testid="download-dump-sql"
        >
          as plain SQL
        </a>
      ) : null}
      <span className="text-xs text-zinc-500">{STORED_LABEL[sourceType] ?? ""}</span>
    </div>
  );
}
