/* Calendar fields of an instant in an IANA time zone, the way restic's `forget` buckets snapshots
 * (year, month, day, hour in the snapshot's own offset; ISO weeks). Pure; one cached Intl formatter per
 * zone (lib/intl-format.ts) because retention previews run over thousands of backups. */

import { dateTimeFormat } from "@/lib/intl-format";

export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function formatter(tz: string): Intl.DateTimeFormat {
  return dateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
}

export function zonedParts(at: Date, tz: string): ZonedParts {
  if (tz === "UTC") {
    return {
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      day: at.getUTCDate(),
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
    };
  }
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/** Offset of `tz` from UTC at `at`, in milliseconds (+02:00 → 7,200,000). */
export function offsetMs(at: Date, tz: string): number {
  const p = zonedParts(at, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** ISO-8601 week-numbering year and week of a calendar date (Go's time.ISOWeek). */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const d = new Date(Date.UTC(year, month - 1, day));
  const dow = d.getUTCDay() || 7; // Monday=1 … Sunday=7
  d.setUTCDate(d.getUTCDate() + 4 - dow); // the Thursday of this week decides the year
  const isoYear = d.getUTCFullYear();
  const jan1 = Date.UTC(isoYear, 0, 1);
  const week = Math.floor((d.getTime() - jan1) / 86_400_000 / 7) + 1;
  return { year: isoYear, week };
}
