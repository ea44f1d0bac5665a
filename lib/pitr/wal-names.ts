/* PostgreSQL WAL file names: `TTTTTTTTXXXXXXXXYYYYYYYY` (timeline, log, segment within log) for the
 * default 16 MiB segment size, `<name>.partial` for the newest, still growing segment as pg_receivewal
 * writes it, `TTTTTTTT.history` for a timeline's history. Pure; no files. */
export const SEGMENT_NAME = /^[0-9A-F]{24}$/;
export const PARTIAL_NAME = /^([0-9A-F]{24})\.partial$/;
export const HISTORY_NAME = /^[0-9A-F]{8}\.history$/;

/** Segments per "log" with 16 MiB segments (0x100000000 / 0x1000000). */
const SEGMENTS_PER_LOG = 0x100;

export type WalFileKind = "segment" | "partial" | "history";

export type ParsedWalName = { kind: WalFileKind; timeline: number; segNo?: number; segment?: string };

export function parseWalName(name: string): ParsedWalName | null {
  if (HISTORY_NAME.test(name)) return { kind: "history", timeline: Number.parseInt(name.slice(0, 8), 16) };
  const partial = PARTIAL_NAME.exec(name);
  const seg = partial ? partial[1] : SEGMENT_NAME.test(name) ? name : null;
  if (!seg) return null;
  return { kind: partial ? "partial" : "segment", timeline: timelineOf(seg), segNo: segNoOf(seg), segment: seg };
}

export const timelineOf = (segment: string) => Number.parseInt(segment.slice(0, 8), 16);

export function segNoOf(segment: string): number {
  return Number.parseInt(segment.slice(8, 16), 16) * SEGMENTS_PER_LOG + Number.parseInt(segment.slice(16, 24), 16);
}

export function segmentName(timeline: number, segNo: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, "0");
  return hex(timeline) + hex(Math.floor(segNo / SEGMENTS_PER_LOG)) + hex(segNo % SEGMENTS_PER_LOG);
}
