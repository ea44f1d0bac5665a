/* Downloading one file of a backup as itself (format=file), not wrapped in tar or zip: a database
 * source's stored dump (PostgreSQL `.pgdump` custom format, MariaDB/MySQL `.sql`, SQLite the database
 * file, a command's output) or one file of a directory source — straight from `restic dump`, with its
 * own name and size. format=sql gives a PostgreSQL dump as plain SQL (pg_restore converting while
 * streaming, lib/engine's pgDumpAsSql) and a MariaDB/MySQL dump as stored (it is SQL already).
 * Streamed, never buffered whole or written to disk; cancelling the download stops restic (and
 * pg_restore). Operator+ (ensureCanDownload), audited. */
import "server-only";
import path from "node:path";
import { Readable } from "node:stream";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { dumpFile, lsSnapshot, pgDumpAsSql, type DumpHandle, type Repo } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { offersPlainSql, type TBackupDownload } from "./download-schema";
import { ensureCanDownload } from "./ensure-can-download";
import { entryKind, locateSnapshot, type SnapshotLocation } from "./snapshot-location";

type OneFile = { path: string; size: number | null };

const CONTENT_TYPES: Record<string, string> = {
  ".sql": "application/sql",
  ".sqlite": "application/vnd.sqlite3",
  ".db": "application/vnd.sqlite3",
};

export async function streamFileDownload(
  backupId: string,
  input: TBackupDownload & { format: "file" | "sql" },
  actor: Actor,
): Promise<Response> {
  await ensureCanDownload(actor, backupId);
  const { sourceId, format } = input;
  const loc = await locateSnapshot(backupId, sourceId, input.path);
  const type = loc.snapshot.sourceType;
  const asSql = format === "sql" && offersPlainSql(type);
  if (format === "sql" && !asSql && type !== "mysql") {
    throw new AppError(
      "validation_failed",
      `Only PostgreSQL and MariaDB/MySQL dumps download as SQL; "${loc.snapshot.sourceName}" is a ${type} source. ` +
        "Download it as stored (format=file).",
      { format: "SQL is offered for PostgreSQL and MariaDB/MySQL sources" },
    );
  }
  const repo = await loadDestinationRepo(loc.snapshot.destinationId);
  const file = type === "directory" ? await directoryFile(repo, loc) : await storedDump(repo, loc);

  const controller = new AbortController();
  const dump: DumpHandle = asSql
    ? pgDumpAsSql(repo, {
        snapshotId: loc.snapshot.snapshotId,
        path: file.path,
        signal: controller.signal,
        sourceName: loc.snapshot.sourceName,
      })
    : dumpFile(repo, { snapshotId: loc.snapshot.snapshotId, path: file.path, signal: controller.signal });
  const stored = path.posix.basename(file.path);
  const filename = asSql ? `${stored.replace(/\.pgdump$/, "")}.sql` : stored;
  dump.stream.on("error", (e) => logger().warn({ err: e.message }, "file download failed mid-stream"));
  dump.stream.on("close", () => controller.abort());

  await writeAudit({
    actor,
    action: "backup.download",
    target: { type: "backup", id: backupId },
    details: { sourceId, path: file.path, format },
  });
  const headers: Record<string, string> = {
    "content-type": CONTENT_TYPES[path.posix.extname(filename)] ?? "application/octet-stream",
    "content-disposition": contentDisposition(filename),
    "cache-control": "no-store",
  };
  // The size lets the browser show progress and notice a download cut short.
  if (!asSql && file.size !== null) headers["content-length"] = String(file.size);
  return new Response(Readable.toWeb(dump.stream as Readable) as unknown as ReadableStream, { status: 200, headers });
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "download";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function directoryFile(repo: Repo, loc: SnapshotLocation): Promise<OneFile> {
  const kind = await entryKind(repo, loc.snapshot, loc.absolute, loc.root);
  if (kind.type !== "file") {
    throw new AppError(
      "validation_failed",
      "A folder downloads as tar or zip; only a single file downloads as itself.",
      {
        format: "Choose tar or zip for a folder",
      },
    );
  }
  return { path: loc.absolute, size: kind.size };
}

/** A database (or command) snapshot holds one file, e.g. `/shop.pgdump`. */
async function storedDump(repo: Repo, loc: SnapshotLocation): Promise<OneFile> {
  for await (const e of lsSnapshot(repo, loc.snapshot.snapshotId)) {
    if (e.type === "file") return { path: e.path, size: e.size ?? null };
  }
  throw new AppError("not_found", `This backup holds no stored dump of "${loc.snapshot.sourceName}".`);
}
