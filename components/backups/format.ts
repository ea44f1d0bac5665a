/* Display formatting shared by every backup screen: sizes in binary units, durations as `4m 12s`,
 * relative times ("2 h ago") and absolute times in the environment's timezone (for hover titles).
 * Pure functions only (used on server and client); no React, no data access. Invariant: a missing
 * value renders as an em dash, never as "0" — a zero would claim something that did not happen. */

import { dateTimeFormat, numberFormat } from "@/lib/intl-format";

export const DASH = "—";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** 1536 → "1.5 KiB"; null → "—". One decimal below 10 units, none above (dense tables). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return DASH;
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v < 10 ? 1 : v < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${UNITS[u]}`;
}

/** 252_000 → "4m 12s"; 3_725_000 → "1h 02m"; 800 → "0.8s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 10_000) return `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)}s`.replace(/^0s$/, "0s");
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Duration between two timestamps (ISO strings or Dates); running ones measure up to `now`. */
export function durationBetween(
  start: string | Date | null | undefined,
  end: string | Date | null | undefined,
  now: Date = new Date(),
): number | null {
  if (!start) return null;
  const a = new Date(start).getTime();
  const b = end ? new Date(end).getTime() : now.getTime();
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, b - a) : null;
}

/** "just now", "42 s ago", "5 min ago", "2 h ago", "3 d ago"; future: "in 5 h". */
export function formatRelative(at: string | Date | null | undefined, now: Date = new Date()): string {
  if (!at) return DASH;
  const t = new Date(at).getTime();
  if (!Number.isFinite(t)) return DASH;
  const diff = t - now.getTime();
  const abs = Math.abs(diff);
  const s = Math.round(abs / 1000);
  let text: string;
  if (s < 10) return "just now";
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.round(s / 60)} min`;
  else if (s < 86_400 * 2) text = `${Math.round(s / 3600)} h`;
  else if (s < 86_400 * 60) text = `${Math.round(s / 86_400)} d`;
  else text = `${Math.round(s / (86_400 * 30))} mo`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

function validTimeZone(tz: string | undefined): string {
  if (!tz) return "UTC";
  try {
    dateTimeFormat("en-GB", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

/** "Tue 24 Nov 2026, 02:00 (Europe/Berlin)" — the hover title of every relative time. */
export function formatAbsolute(at: string | Date | null | undefined, timeZone?: string): string {
  if (!at) return DASH;
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return DASH;
  const tz = validTimeZone(timeZone);
  const text = dateTimeFormat("en-GB", {
    timeZone: tz,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  })
    .format(d)
    .replace(",", "");
  return `${text} (${tz})`;
}

/** The zone's short name at that moment ("CET", "UTC", "GMT+5"), so a bare clock time says its zone. */
export function zoneAbbreviation(at: string | Date, timeZone?: string): string {
  const tz = validTimeZone(timeZone);
  const parts = dateTimeFormat("en-GB", { timeZone: tz, timeZoneName: "short" }).formatToParts(new Date(at));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? tz;
}

/** "Tue 02:00" for schedules in the next week, "Tue 24 Nov 02:00" beyond; in the given timezone. */
export function formatRunTime(at: string | Date, timeZone?: string, now: Date = new Date()): string {
  const d = new Date(at);
  const tz = validTimeZone(timeZone);
  const withinWeek = d.getTime() - now.getTime() < 6.5 * 86_400_000;
  return dateTimeFormat("en-GB", {
    timeZone: tz,
    weekday: "short",
    ...(withinWeek ? {} : { day: "numeric", month: "short" }),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(d)
    .replace(",", "");
}

/** Short calendar label for table rows: "today 02:00", "yesterday 14:10", "Mon 23 Nov 09:12". */
export function formatShortDate(
  at: string | Date | null | undefined,
  timeZone?: string,
  now: Date = new Date(),
): string {
  if (!at) return DASH;
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return DASH;
  const tz = validTimeZone(timeZone);
  const dayKey = (x: Date) => dateTimeFormat("en-CA", { timeZone: tz }).format(x);
  const time = dateTimeFormat("en-GB", {
    timeZone: tz,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(d);
  if (dayKey(d) === dayKey(now)) return `today ${time}`;
  if (dayKey(d) === dayKey(new Date(now.getTime() - 86_400_000))) return `yesterday ${time}`;
  const sameYear = dayKey(d).slice(0, 4) === dayKey(now).slice(0, 4);
  const date = dateTimeFormat("en-GB", {
    timeZone: tz,
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  })
    .format(d)
    .replace(",", "");
  return `${date} ${time}`;
}

/** ETA in words for the progress bar: "ETA 40 s", "ETA 3 min"; unknown → "". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return `ETA ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `ETA ${Math.round(seconds / 60)} min`;
  return `ETA ${formatDuration(seconds * 1000)}`;
}

/** Integer with thin grouping: 10000 → "10,000". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return numberFormat("en-US").format(n);
}

/** The "Added" figure of a backup: the new data it brought, at most its size. restic's data_added also
 * counts the packs' own metadata (trees, index), so a first backup reports more than it holds; the
 * number shown is capped at the size and the hover title says what restic stored in all. */
export function formatAdded(
  added: number | null | undefined,
  total: number | null | undefined,
): { text: string; title?: string } {
  if (added === null || added === undefined || !Number.isFinite(added)) return { text: DASH };
  if (total === null || total === undefined || !Number.isFinite(total) || added <= total)
    return { text: formatBytes(added) };
  return {
    text: formatBytes(total),
    title: `All of it is new. restic stored ${formatBytes(added)}, which includes restic's metadata.`,
  };
}

/** The bytes of a progress line: "1.2 MiB of 3.4 MiB"; "of about" when the total is the previous backup's
 * size; "found so far" while restic is still counting; just the size once all of it is done; nothing
 * when there are no bytes at all (never "done · 0 B"). */
export function formatProgressBytes(
  p:
    | { percent: number; bytesDone: number; bytesTotal: number; bytesTotalKind?: "exact" | "estimate" | "counting" }
    | null
    | undefined,
): string | null {
  if (!p || (p.bytesDone <= 0 && p.bytesTotal <= 0)) return null;
  const kind = p.bytesTotalKind ?? "exact";
  if (p.bytesTotal <= 0) return formatBytes(p.bytesDone);
  if (kind === "exact" && (p.bytesDone >= p.bytesTotal || p.percent >= 100)) return formatBytes(p.bytesTotal);
  const done = formatBytes(p.bytesDone);
  if (kind === "estimate") return `${done} of about ${formatBytes(p.bytesTotal)}`;
  if (kind === "counting") return `${done} of ${formatBytes(p.bytesTotal)} found so far`;
  return `${done} of ${formatBytes(p.bytesTotal)}`;
}
