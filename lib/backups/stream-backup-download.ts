/* Downloading a file or folder of a backup as a streamed tar or zip. A folder comes from one
 * `restic dump` (which writes a tar of it); its entries are renamed relative to the folder's parent
 * ("uploads/a.png", not "srv/app/uploads/a.png") and re-packed as tar or zip while streaming. A single
 * file is streamed from `restic dump` into a one-entry archive. Nothing is buffered whole, nothing is
 * written to disk; cancelling the download stops restic. Operator+ (ensureCanDownload), audited.
 * format=file|sql (one file or a database dump as itself) is stream-file-download's. */
import "server-only";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import archiver from "archiver";
import * as tar from "tar-stream";
import type { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { dumpFile } from "@/lib/engine";
import { logger } from "@/lib/logger";
import { ZBackupDownload } from "./download-schema";
import { ensureCanDownload } from "./ensure-can-download";
import { streamFileDownload } from "./stream-file-download";
import { entryKind, locateSnapshot } from "./snapshot-location";

export async function streamBackupDownload(
  backupId: string,
  input: z.input<typeof ZBackupDownload>,
  actor: Actor,
): Promise<Response> {
  await ensureCanDownload(actor, backupId);
  const parsed = ZBackupDownload.parse(input);
  if (parsed.format === "file" || parsed.format === "sql")
    return streamFileDownload(backupId, { ...parsed, format: parsed.format }, actor);
  const { sourceId, path: requested } = parsed;
  const format = parsed.format;
  const loc = await locateSnapshot(backupId, sourceId, requested);
  const repo = await loadDestinationRepo(loc.snapshot.destinationId);
  const kind = await entryKind(repo, loc.snapshot, loc.absolute, loc.root);

  const base =
    loc.absolute === "/"
      ? loc.snapshot.sourceName.replace(/[^\w.-]+/g, "-") || "backup"
      : path.posix.basename(loc.absolute);
  const parent = path.posix.dirname(loc.absolute);
  const controller = new AbortController();
  const out = format === "zip" ? zipArchive() : tarArchive();
  const dump = dumpFile(repo, { snapshotId: loc.snapshot.snapshotId, path: loc.absolute, signal: controller.signal });
  dump.done.catch((e) => out.fail(e));
  out.stream.on("close", () => controller.abort());

  if (kind.type === "dir") {
    const extract = tar.extract();
    extract.on("entry", (header, entry, next) => {
      const name = relativeName(header.name, parent);
      if (!name) {
        entry.resume();
        entry.on("end", next);
        return;
      }
      // tar-stream entries are streamx streams; archiver and pipe() want a Node stream.
      const content = new PassThrough();
      entry.on("error", (e: Error) => content.destroy(e));
      entry.pipe(content);
      out.add({ ...header, name }, content, next);
    });
    extract.on("finish", () => out.finish());
    extract.on("error", (e) => out.fail(e));
    dump.stream.on("error", (e) => out.fail(e));
    dump.stream.pipe(extract);
  } else {
    dump.stream.on("error", (e) => out.fail(e));
    out.add(
      { name: base, type: "file", size: kind.size, mtime: kind.mtime ?? new Date(), mode: 0o644 },
      dump.stream,
      () => out.finish(),
    );
  }

  await writeAudit({
    actor,
    action: "backup.download",
    target: { type: "backup", id: backupId },
    details: { sourceId, path: loc.path, format },
  });
  const filename = `${base}.${format}`;
  return new Response(Readable.toWeb(out.stream) as unknown as ReadableStream, {
    status: 200,
    headers: {
      "content-type": format === "zip" ? "application/zip" : "application/x-tar",
      "content-disposition": `attachment; filename="${filename.replace(/"/g, "")}"`,
      "cache-control": "no-store",
    },
  });
}

/** restic's tar names are absolute paths without the leading "/"; make them relative to `parent`. */
function relativeName(name: string, parent: string): string | null {
  const abs = "/" + name.replace(/^\.?\/+/, "");
  const rel = path.posix.relative(parent, abs.replace(/\/+$/, ""));
  if (!rel || rel.startsWith("..")) return null;
  return name.endsWith("/") ? `${rel}/` : rel;
}

type Header = Partial<tar.Header> & { name: string };
type Archive = {
  stream: PassThrough;
  add(header: Header, content: Readable, next: () => void): void;
  finish(): void;
  fail(e: unknown): void;
};

function failWith(stream: PassThrough, e: unknown) {
  if (stream.destroyed) return;
  logger().warn({ err: (e as Error)?.message }, "backup download failed mid-stream");
  stream.destroy(e instanceof Error ? e : new Error(String(e)));
}

function tarArchive(): Archive {
  const pack = tar.pack();
  const stream = new PassThrough();
  pack.pipe(stream);
  return {
    stream,
    add(header, content, next) {
      if (header.type !== "file" || header.size === undefined) {
        pack.entry({ ...header, size: 0 }, (err) => (err ? failWith(stream, err) : next()));
        content.resume();
        return;
      }
      const sink = pack.entry(header, (err) => (err ? failWith(stream, err) : next()));
      content.pipe(sink);
    },
    finish: () => pack.finalize(),
    fail: (e) => failWith(stream, e),
  };
}

function zipArchive(): Archive {
  const zip = archiver("zip", { zlib: { level: 6 } });
  const stream = new PassThrough();
  zip.on("error", (e) => failWith(stream, e));
  zip.pipe(stream);
  return {
    stream,
    add(header, content, next) {
      const date = header.mtime ?? new Date();
      if (header.type === "directory") {
        zip.append("", { name: header.name.endsWith("/") ? header.name : `${header.name}/`, date });
        content.resume();
        content.on("end", next);
      } else if (header.type === "file") {
        // archiver reads entries one after the other; the next tar entry is asked for once this one ended.
        content.once("end", next);
        zip.append(content, { name: header.name, date, mode: header.mode });
      } else if (header.type === "symlink" && header.linkname) {
        zip.symlink(header.name, header.linkname, header.mode);
        content.resume();
        content.on("end", next);
      } else {
        content.resume();
        content.on("end", next);
      }
    },
    finish: () => void zip.finalize(),
    fail: (e) => failWith(stream, e),
  };
}
