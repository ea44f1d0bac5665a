/* The Reports page's period presets (last 7 / 30 / 90 days, this month, last month) as bare UTC dates
 * with an inclusive last day, the form the report query takes. Pure and browser-safe. */
export type PeriodPreset = { id: string; label: string; from: string; to: string };

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function periodPresets(now: Date): PeriodPreset[] {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const lastDays = (n: number, label: string): PeriodPreset => ({
    id: `${n}d`,
    label,
    from: iso(new Date(today.getTime() - (n - 1) * DAY_MS)),
    to: iso(today),
  });
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const prevStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return [
    lastDays(7, "Last 7 days"),
    lastDays(30, "Last 30 days"),
    lastDays(90, "Last 90 days"),
    { id: "month", label: "This month", from: iso(monthStart), to: iso(today) },
    { id: "last-month", label: "Last month", from: iso(prevStart), to: iso(new Date(monthStart.getTime() - DAY_MS)) },
  ];
}

/** The bare dates of a report period ([from, to) instants) for the date inputs: `to` shown inclusive. */
export function periodAsDates(p: { from: string; to: string }): { from: string; to: string } {
  return { from: iso(new Date(p.from)), to: iso(new Date(Date.parse(p.to) - 1)) };
}
