/* The recovery window of an inventory: which times can be restored (ranges) and which cannot because a
 * WAL segment is missing (gaps), and for one requested time the plan — which base backup, which WAL
 * files from which snapshots. Pure. Rules: a range starts at a base backup's consistent point (its
 * end-time: WAL up to its end-lsn must be replayed first, so no earlier time can be reached from it; older
 * base backups without the tags take the end LSN from their backup_manifest and start when the WAL past it
 * was first shipped; without a manifest either, at their snapshot time) and runs along its timeline while every segment
 * is there (a chain that does not yet reach the end-lsn's segment is not restorable at all), ending at the shipping time of the last one (a `.partial` counts for the
 * newest); a missing segment after a base backup's start is a gap from the last restorable time to the
 * next base backup after it (or the newest shipped WAL), never bridged. A plan for a time carries only the
 * WAL that time needs (`walUpTo`). */
import type { BaseBackupEntry, Inventory, TimeSpan } from "./types";
import { segmentName as segmentOfLsn } from "../repository-layout";
import { DEFAULT_WAL_SEGMENT_BYTES, parseWalName, segNoOf, segmentName } from "../wal-names";

type SegSource = { snapshotId: string; path: string; name: string };
type SegInfo = {
  timeMs: number;
  firstMs?: number;
  completeMs?: number;
  complete?: SegSource;
  partial?: SegSource & { timeMs: number };
};

/** One WAL file a chain replays; `writingAtMs` = the newest shipping of this segment as a `.partial` (at
 * that moment it was the segment being written, so all WAL older than it lies in this segment or before). */
export type WalPick = SegSource & { segment: string; writingAtMs?: number };

export type Chain = { base: BaseBackupEntry; fromMs: number; toMs: number; files: WalPick[] };

export type RecoveryWindow = {
  ranges: TimeSpan[];
  gaps: (TimeSpan & { missing: { first: string; last: string } })[];
  chains: Chain[];
};

function indexSegments(inv: Inventory, segmentBytes: number) {
  const byTimeline = new Map<number, Map<number, SegInfo>>();
  const histories = new Map<string, SegSource>();
  for (const b of inv.batches) {
    const t = Date.parse(b.time);
    for (const f of b.files) {
      const p = parseWalName(f.name, segmentBytes);
      if (!p) continue;
      const src = { snapshotId: b.snapshotId, path: f.path, name: f.name };
      if (p.kind === "history") {
        histories.set(f.name, src);
        continue;
      }
      const tl = byTimeline.get(p.timeline) ?? new Map<number, SegInfo>();
      byTimeline.set(p.timeline, tl);
      const info: SegInfo = tl.get(p.segNo!) ?? { timeMs: 0 };
      info.firstMs = Math.min(info.firstMs ?? t, t);
      if (p.kind === "segment") {
        // The complete segment's content is final at its first shipping.
        if (!info.complete || t < info.completeMs!) {
          info.complete = src;
          info.completeMs = t;
        }
      } else if (!info.partial || t > info.partial.timeMs) {
        info.partial = { ...src, timeMs: t };
      }
      info.timeMs = info.complete ? info.completeMs! : info.partial!.timeMs;
      tl.set(p.segNo!, info);
    }
  }
  return { byTimeline, histories };
}

/** The source cluster's WAL segment size, as its base backups record it (one per cluster). */
const segmentBytesOf = (inv: Inventory) =>
  inv.bases.find((b) => b.segmentBytes)?.segmentBytes ?? DEFAULT_WAL_SEGMENT_BYTES;

export function recoveryWindow(inv: Inventory): RecoveryWindow {
  const segBytes = segmentBytesOf(inv);
  const { byTimeline, histories } = indexSegments(inv, segBytes);
  const segNo = (name: string) => segNoOf(name, segBytes);
  const nameOf = (timeline: number, n: number) => segmentName(timeline, n, segBytes);
  const bases = [...inv.bases].sort((a, b) => a.time.localeCompare(b.time));
  const chains: Chain[] = [];
  const gaps = new Map<string, RecoveryWindow["gaps"][number]>();
  for (const base of bases) {
    const segs = byTimeline.get(base.timeline);
    const start = segNo(base.startWal);
    if (!segs?.has(start)) continue;
    const files: WalPick[] = [];
    let n = start;
    for (; segs.has(n); n++) {
      const s = segs.get(n)!;
      // A complete segment replaces its partial; a partial is only used where no complete one exists.
      const pick = s.complete ?? s.partial!;
      files.push({
        ...pick,
        segment: nameOf(base.timeline, n),
        ...(s.partial ? { writingAtMs: s.partial.timeMs } : {}),
      });
      if (!s.complete) {
        n++;
        break;
      }
    }
    const last = segs.get(n - 1)!;
    const endSeg = base.endLsn ? segNo(segmentOfLsn(base.timeline, base.endLsn, segBytes)) : start;
    const fromMs = base.endTime
      ? Date.parse(base.endTime)
      : base.endLsn
        ? pastEndMs(segs, endSeg)
        : Date.parse(base.time);
    for (const h of histories.values()) files.push({ ...h, segment: h.name });
    // Restorable only once the WAL up to the consistent point is there (else a gap follows, below).
    if (n - 1 >= endSeg && Number.isFinite(fromMs))
      chains.push({ base, fromMs, toMs: Math.max(fromMs, last.timeMs), files });
    const maxSeg = Math.max(...segs.keys());
    if (n - 1 < maxSeg) {
      let next = n;
      while (!segs.has(next)) next++;
      const key = `${base.timeline}:${n}`;
      if (!gaps.has(key)) {
        const after = bases.find((b) => b.timeline === base.timeline && segNo(b.startWal) >= next);
        const toMs = after ? Date.parse(after.time) : Math.max(...[...segs.values()].map((s) => s.timeMs));
        gaps.set(key, {
          from: iso(last.timeMs),
          to: iso(toMs),
          missing: { first: nameOf(base.timeline, n), last: nameOf(base.timeline, next - 1) },
        });
      }
    }
  }
  return { ranges: mergeRanges(chains), gaps: [...gaps.values()].sort((a, b) => a.from.localeCompare(b.from)), chains };
}

/** A base backup with an end LSN from its manifest but no end time (stored before the end-time tag): the
 * first moment WAL past its end was in the repository — its complete end segment, or any copy of a later
 * segment. The backup had ended by then, so every commit after it lies after the end LSN (a bound in
 * the worker's clock; the tagged end-time is the server's). NaN while no WAL past the end is shipped. */
function pastEndMs(segs: Map<number, SegInfo>, endSeg: number): number {
  let ms = segs.get(endSeg)?.completeMs ?? Number.POSITIVE_INFINITY;
  for (const [n, s] of segs) if (n > endSeg && s.firstMs !== undefined) ms = Math.min(ms, s.firstMs);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

function mergeRanges(chains: Chain[]): TimeSpan[] {
  const spans = chains.map((c) => [c.fromMs, c.toMs] as const).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [f, t] of spans) {
    const prev = out[out.length - 1];
    if (prev && f <= prev[1]) prev[1] = Math.max(prev[1], t);
    else out.push([f, t]);
  }
  return out.map(([f, t]) => ({ from: iso(f), to: iso(t) }));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Allowance for the source server's clock (commit times) against the worker's (shipping times). */
export const TARGET_CLOCK_SLACK_MS = 30_000;

/** The chain with only the WAL a target time needs: up to the first segment that was still being written
 * (shipped as `.partial`) at least the clock slack after the target — every commit up to the target lies in
 * it or before. Later segments are not fetched. Replay of the rest stops at the target, or ends at the last
 * fetched WAL when it holds no later commit (then everything fetched is ≤ the target, so the end of the
 * fetched WAL is the state at the target). No such segment (only complete segments after it): all of it. */
export function walUpTo(chain: Chain, targetMs: number, slackMs = TARGET_CLOCK_SLACK_MS): Chain {
  const wal = chain.files.filter((f) => !f.segment.endsWith(".history"));
  const cut = wal.findIndex((f) => f.writingAtMs !== undefined && f.writingAtMs >= targetMs + slackMs);
  if (cut < 0 || cut === wal.length - 1) return chain;
  const drop = new Set(wal.slice(cut + 1).map((f) => f.segment));
  return { ...chain, files: chain.files.filter((f) => !drop.has(f.segment)) };
}

export type RestorePlan =
  | { ok: true; chain: Chain; targetTime: string | null }
  | { ok: false; message: string; earliest?: string; gap?: TimeSpan };

/** Which base backup and WAL to use for `time` (ISO) or "latest"; or why the time cannot be restored. */
export function planForTime(w: RecoveryWindow, time: string | "latest"): RestorePlan {
  if (!w.chains.length) {
    return {
      ok: false,
      message: "There is no base backup with its WAL in this repository yet, so there is nothing to restore to.",
    };
  }
  if (time === "latest") {
    const newest = Math.max(...w.chains.map((c) => c.toMs));
    const chain = w.chains.filter((c) => c.toMs === newest).sort((a, b) => b.fromMs - a.fromMs)[0];
    return { ok: true, chain, targetTime: null };
  }
  const t = Date.parse(time);
  const earliest = Math.min(...w.chains.map((c) => c.fromMs));
  if (t < earliest) {
    const first = w.chains.find((c) => c.fromMs === earliest)!;
    const b = first.base;
    const end = b.endLsn
      ? ` (taken from ${b.time} to ${iso(earliest)}: a base backup can only be restored to times after its end, once the WAL up to its end ${b.endLsn} is replayed)`
      : "";
    const during = b.endLsn && t >= Date.parse(b.time);
    return {
      ok: false,
      earliest: iso(earliest),
      message: `${time} is ${during ? "while the first base backup was being taken" : "before the first base backup"}${end}; the earliest time you can restore to is ${iso(earliest)}.`,
    };
  }
  const fits = w.chains.filter((c) => c.fromMs <= t && t <= c.toMs).sort((a, b) => b.fromMs - a.fromMs);
  if (fits.length) return { ok: true, chain: walUpTo(fits[0], t), targetTime: iso(t) };
  const gap = w.gaps.find((g) => Date.parse(g.from) <= t && t <= Date.parse(g.to));
  if (gap) {
    return {
      ok: false,
      gap: { from: gap.from, to: gap.to },
      message: `${time} falls into a gap in the WAL (segment ${gap.missing.first} is missing): nothing between ${gap.from} and ${gap.to} can be restored. Choose a time outside it.`,
    };
  }
  const newest = Math.max(...w.chains.map((c) => c.toMs));
  return {
    ok: false,
    message: `${time} is after the newest shipped WAL (${iso(newest)}); choose "latest" or an earlier time.`,
  };
}
