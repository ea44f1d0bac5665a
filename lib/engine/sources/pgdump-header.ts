/* Makes pg_dump's custom-format output reproducible: the archive header carries the dump's creation
 * time (seven integers right after the format and compression fields), so two dumps of an unchanged
 * database differ in one byte — and restic, whose chunks on pgbench-like data are megabytes long,
 * stores a whole new chunk for it on every backup. This stream rewrites only those seven integers to a
 * fixed date (2000-01-01 00:00:00, which pg_restore shows as "Archive created at"; the snapshot's own
 * time is the backup time) and passes every other byte through unchanged, in order, without holding
 * more than the header. pg_restore never uses the date. A header it does not recognise (another
 * archive version, not a custom-format archive) is passed through untouched. Layout from
 * pg_backup_archiver.c (WriteHead/ReadHead), archive versions 1.10–1.16 (PostgreSQL 9.0–17). */
import { Transform, type TransformCallback } from "node:stream";

/** tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_isdst of 2000-01-01 00:00:00. */
export const FIXED_CREATION_TIME = [0, 0, 0, 1, 0, 100, 0] as const;

/** Where the creation-time integers sit, or null if the header is not one we know. Needs the first
 * 12 bytes; returns "more" when it has fewer. */
export function creationTimeSpan(head: Buffer): { offset: number; intSize: number } | null | "more" {
  if (head.length < 12) return "more";
  if (head.toString("latin1", 0, 5) !== "PGDMP") return null;
  const [major, minor] = [head[5], head[6]];
  const intSize = head[8];
  const format = head[10];
  if (major !== 1 || minor < 10 || minor > 16 || intSize < 1 || intSize > 8 || format !== 1) return null;
  // 1.15+ store the compression algorithm in one byte; older versions an int (sign byte + intSize).
  const compressionField = minor >= 15 ? 1 : 1 + intSize;
  return { offset: 11 + compressionField, intSize };
}

/** pg_dump's WriteInt: a sign byte, then intSize bytes of the absolute value, least significant first. */
function writeInt(buf: Buffer, at: number, intSize: number, value: number): void {
  buf[at] = value < 0 ? 1 : 0;
  let v = Math.abs(value);
  for (let i = 0; i < intSize; i++) {
    buf[at + 1 + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
}

export function normalisePgDumpHeader(): Transform {
  let head: Buffer | null = Buffer.alloc(0);
  return new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!head) return cb(null, chunk);
      head = Buffer.concat([head, chunk]);
      const span = creationTimeSpan(head);
      if (span === "more") return cb();
      const out = head;
      head = null;
      if (span) {
        const end = span.offset + FIXED_CREATION_TIME.length * (1 + span.intSize);
        if (out.length < end) {
          // Not enough yet for all seven integers: wait for more (the header is < 100 bytes).
          head = out;
          return cb();
        }
        for (const [i, v] of FIXED_CREATION_TIME.entries()) {
          writeInt(out, span.offset + i * (1 + span.intSize), span.intSize, v);
        }
      }
      cb(null, out);
    },
    flush(cb: TransformCallback) {
      // A stream that ended inside the header (pg_dump failed early) is passed on as it was.
      cb(null, head && head.length ? head : undefined);
    },
  });
}
