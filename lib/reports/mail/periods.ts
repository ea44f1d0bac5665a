/* The period an e-mailed report covers: the last complete ISO week (Monday 00:00 UTC to Monday) or the
 * last complete calendar month (UTC) before `now`, and its key ("2026-W48", "2026-11") that records it
 * as sent. Pure. */
import type { ReportCadence } from "./schema";

const DAY_MS = 86_400_000;

export type MailPeriod = { key: string; from: Date; to: Date };

function isoWeekKey(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function lastCompletePeriod(cadence: ReportCadence, now: Date): MailPeriod {
  if (cadence === "monthly") {
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 1, 1));
    return { key: `${from.getUTCFullYear()}-${String(from.getUTCMonth() + 1).padStart(2, "0")}`, from, to };
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const to = new Date(today - sinceMonday * DAY_MS);
  const from = new Date(to.getTime() - 7 * DAY_MS);
  return { key: isoWeekKey(from), from, to };
}
