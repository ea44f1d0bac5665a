/* X-axis labels for the Monitoring charts: the coarsest label that still tells the points apart — hours
 * when every point falls on one day, day and hour over a few days, the day beyond — always in the
 * environment's time zone (the charts say which). */

export type TickFormatter = (iso: string) => string;

const DAY_MS = 24 * 60 * 60 * 1000;

function calendarDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(iso));
}

export function timeTickFormatter(isos: string[], timeZone: string): TickFormatter {
  const times = isos.map((s) => Date.parse(s)).filter((t) => Number.isFinite(t));
  const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const oneDay = new Set(isos.map((s) => calendarDay(s, timeZone))).size <= 1;
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" });
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" });
  if (oneDay) return (iso) => hour.format(new Date(iso));
  if (span <= 3 * DAY_MS) return (iso) => `${day.format(new Date(iso))} ${hour.format(new Date(iso))}`;
  return (iso) => day.format(new Date(iso));
}
