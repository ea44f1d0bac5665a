/* Wall-clock times in an environment's timezone (to the second) ↔ instants, and the preview sentence of
 * a restore to a time from the recovery window (`{ranges, gaps}` as the API returns it). Browser-safe,
 * pure. */
import type { TRecoveryWindow } from "./schema";

function parts(ms: number, timeZone: string) {
  const f = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return p as Record<"year" | "month" | "day" | "hour" | "minute" | "second", string>;
}

/** "2026-12-02T14:03:27" (wall clock in `timeZone`) → ISO instant; null when not a valid time. */
export function zonedToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(local);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // The zone's offset at that moment, found from how the guess reads back (twice, for DST edges).
  let t = asUtc;
  for (let i = 0; i < 2; i++) t = asUtc - (Date.parse(`${isoLocal(t, timeZone)}Z`) - t);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** ISO instant → "2026-12-02T14:03:27" on the wall clock of `timeZone`. */
export function isoLocal(at: string | number, timeZone: string): string {
  const p = parts(typeof at === "number" ? at : Date.parse(at), timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** "14:03:27" or "2 Dec 14:03:27" when not today, in `timeZone`. */
export function clockTime(at: string, timeZone: string, now = Date.now()): string {
  const [d, t] = isoLocal(at, timeZone).split("T");
  if (d === isoLocal(now, timeZone).split("T")[0]) return t!;
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" }).format(new Date(at));
  return `${day} ${t}`;
}

export type TimePreview = { ok: boolean; sentence: string };

/** What a restore to `time` (ISO or "latest") will do, as the window says. */
export function previewRestoreTime(w: TRecoveryWindow, time: string | "latest", timeZone: string): TimePreview {
  const c = (iso: string) => clockTime(iso, timeZone);
  if (!w.ranges.length) return { ok: false, sentence: "Nothing to restore yet: there is no base backup with its WAL." };
  if (time === "latest") {
    const to = w.ranges[w.ranges.length - 1]!.to;
    return { ok: true, sentence: `Replays everything shipped, up to ${c(to)}, the newest WAL in the repository.` };
  }
  const t = Date.parse(time);
  const first = w.ranges[0]!.from;
  if (t < Date.parse(first))
    return { ok: false, sentence: `That is before the first base backup; the earliest time is ${c(first)}.` };
  const gap = w.gaps.find((g) => Date.parse(g.from) <= t && t <= Date.parse(g.to));
  if (gap && !w.ranges.some((r) => Date.parse(r.from) <= t && t <= Date.parse(r.to))) {
    return {
      ok: false,
      sentence: `That falls into a gap in the WAL: nothing between ${c(gap.from)} and ${c(gap.to)} can be restored.`,
    };
  }
  if (!w.ranges.some((r) => Date.parse(r.from) <= t && t <= Date.parse(r.to))) {
    return {
      ok: false,
      sentence: `That is after the newest shipped WAL (${c(w.ranges[w.ranges.length - 1]!.to)}); choose "latest".`,
    };
  }
  return {
    ok: true,
    sentence: `Replays to ${c(time)}: the last commit at or before your time is kept, nothing after it.`,
  };
}
