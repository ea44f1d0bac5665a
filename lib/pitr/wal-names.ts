/* PostgreSQL WAL file names: `TTTTTTTTXXXXXXXXYYYYYYYY` (timeline, log, segment within log; a log holds
 * 4 GiB, so 0x100 segments of the default 16 MiB, 0x1000 of 1 MiB — the segment size is the cluster's
 * `wal_segment_size`, recorded on each base backup), `<name>.partial` for the newest, still growing
 * segment as pg_receivewal writes it, `TTTTTTTT.history` for a timeline's history. Pure; no files. */
export const SEGMENT_NAME = /^[0-9A-F]{24}$/;
export const PARTIAL_NAME = /^([0-9A-F]{24})\.partial$/;
export const HISTORY_NAME = /^[0-9A-F]{8}\.history$/;

export const DEFAULT_WAL_SEGMENT_BYTES = 16 * 1024 * 1024;

/** Segments per "log" (0x100000000 / segment size): 0x100 for 16 MiB segments. */
const perLog = (segmentBytes: number) => Math.floor(0x100000000 / segmentBytes);

export type WalFileKind = "segment" | "partial" | "history";

export type ParsedWalName = { kind: WalFileKind; timeline: number; segNo?: number; segment?: string };

export function parseWalName(name: string, segmentBytes = DEFAULT_WAL_SEGMENT_BYTES): ParsedWalName | null {
  if (HISTORY_NAME.test(name)) return { kind: "history", timeline: Number.parseInt(name.slice(0, 8), 16) };
  const partial = PARTIAL_NAME.exec(name);
  const seg = partial ? partial[1] : SEGMENT_NAME.test(name) ? name : null;
  if (!seg) return null;
  return {
    kind: partial ? "partial" : "segment",
    timeline: timelineOf(seg),
    segNo: segNoOf(seg, segmentBytes),
    segment: seg,
  };
}

export const timelineOf = (segment: string) => Number.parseInt(segment.slice(0, 8), 16);

export function segNoOf(segment: string, segmentBytes = DEFAULT_WAL_SEGMENT_BYTES): number {
  return Number.parseInt(segment.slice(8, 16), 16) * perLog(segmentBytes) + Number.parseInt(segment.slice(16, 24), 16);
}

export function segmentName(timeline: number, segNo: number, segmentBytes = DEFAULT_WAL_SEGMENT_BYTES): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, "0");
  const per = perLog(segmentBytes);
  return hex(timeline) + hex(Math.floor(segNo / per)) + hex(segNo % per);
}
