/* The consistent point of a base backup: pg_basebackup's tar carries `backup_manifest` (PostgreSQL 13+
 * injects it last when writing a tar to stdout), whose "WAL-Ranges" end at the LSN up to which WAL must be
 * replayed before the copy is consistent. A StreamObserver (stream-backup.ts) reads the tar's headers as
 * the bytes stream past, keeps only that member, and once pg_basebackup has exited says whether it was
 * there; `endOf` then gives the end LSN and timeline. No restore can stop before that point, so the
 * recovery window of a base backup starts there (lib/pitr/inventory/window.ts), not at its start. */
import type { StreamObserver } from "../sources/stream-backup";

const MANIFEST = "backup_manifest";
/** A manifest has one line per file; 64 MiB is far beyond any real cluster's and bounds memory. */
const MAX_MANIFEST_BYTES = 64 << 20;

export type BackupEnd = { endLsn: string; timeline: number };

export class ManifestTap implements StreamObserver {
  private header = Buffer.alloc(0);
  /** bytes of the current member (content + padding) still to pass */
  private skip = 0;
  /** content bytes of the manifest still to collect (while inside it) */
  private collectLeft = 0;
  private parts: Buffer[] = [];
  private seen = false;
  private tooBig = false;

  push(chunk: Buffer) {
    let off = 0;
    while (off < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - off);
        if (this.collectLeft > 0) {
          const m = Math.min(n, this.collectLeft);
          this.parts.push(Buffer.from(chunk.subarray(off, off + m)));
          this.collectLeft -= m;
        }
        this.skip -= n;
        off += n;
        continue;
      }
      const take = Math.min(512 - this.header.length, chunk.length - off);
      this.header = Buffer.concat([this.header, chunk.subarray(off, off + take)]);
      off += take;
      if (this.header.length < 512) continue;
      const h = this.header;
      this.header = Buffer.alloc(0);
      if (h.every((b) => b === 0)) continue; // end-of-archive blocks
      const name = cString(h.subarray(0, 100));
      const prefix = cString(h.subarray(345, 500));
      const full = prefix ? `${prefix}/${name}` : name;
      const size = tarSize(h.subarray(124, 136));
      this.skip = Math.ceil(size / 512) * 512;
      if (full === MANIFEST) {
        this.seen = true;
        this.parts = [];
        if (size > MAX_MANIFEST_BYTES) this.tooBig = true;
        else this.collectLeft = size;
      }
    }
  }

  async verdict(): Promise<string | null> {
    if (!this.seen) return "the base backup has no backup_manifest (PostgreSQL 13+ writes one), so its end is unknown";
    if (this.tooBig) return "the base backup's backup_manifest is larger than 64 MiB";
    try {
      this.end();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** The consistent point: the end of the manifest's last WAL range. */
  end(): BackupEnd {
    const text = Buffer.concat(this.parts).toString("utf8");
    return endOfManifest(text);
  }
}

export function endOfManifest(text: string): BackupEnd {
  let m: { "WAL-Ranges"?: { Timeline: number; "End-LSN": string }[] };
  try {
    m = JSON.parse(text);
  } catch {
    throw new Error("the base backup's backup_manifest is not valid JSON");
  }
  const last = m["WAL-Ranges"]?.at(-1);
  if (!last || !/^[0-9A-F]+\/[0-9A-F]+$/i.test(last["End-LSN"]) || !Number.isInteger(last.Timeline)) {
    throw new Error("the base backup's backup_manifest has no WAL-Ranges end");
  }
  return { endLsn: last["End-LSN"].toUpperCase(), timeline: last.Timeline };
}

const cString = (b: Buffer) => b.toString("utf8").replace(/\0.*$/s, "");

/** A ustar size field: octal text, or base-256 (high bit set) for members over 8 GiB. */
function tarSize(f: Buffer): number {
  if (f[0] & 0x80) {
    let v = 0;
    for (let i = 1; i < f.length; i++) v = v * 256 + f[i];
    return v;
  }
  return Number.parseInt(cString(f).trim() || "0", 8);
}
