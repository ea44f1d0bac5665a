/* Storage forecast per destination: a least-squares line through the destination's stored bytes per
 * day over the last 30 days (stored = sum of added_bytes of kept snapshots, as storage_low counts it)
 * gives the growth per day; with the admin's budget, the days until it is reached. `fitForecast` is
 * pure; `loadStorageForecasts` reads the destinations this environment writes to, in two queries. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { storageSettingsOf } from "@/lib/destinations/storage/storage-settings";

const DAY_MS = 86_400_000;
export const FORECAST_DAYS = 30;

export type StorageForecast = {
  destinationId: string;
  name: string;
  storedBytes: number;
  bytesPerDay: number | null;
  budgetBytes: number | null;
  /** Days until the budget is reached at this rate; 0 when already over; null when not growing/no budget. */
  daysToBudget: number | null;
};

/** Least squares through (day, bytes); null with fewer than two distinct days. */
export function slopePerDay(points: { day: number; bytes: number }[]): number | null {
  if (new Set(points.map((p) => p.day)).size < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.day, 0) / n;
  const my = points.reduce((s, p) => s + p.bytes, 0) / n;
  const num = points.reduce((s, p) => s + (p.day - mx) * (p.bytes - my), 0);
  const den = points.reduce((s, p) => s + (p.day - mx) ** 2, 0);
  return num / den;
}

/** stored: bytes now; added: bytes added per day index (0 = 30 days ago … 30 = today). */
export function fitForecast(stored: number, added: Map<number, number>, budgetBytes: number | null) {
  const points: { day: number; bytes: number }[] = [];
  let level = stored;
  for (let day = FORECAST_DAYS; day >= 0; day--) {
    points.push({ day, bytes: level });
    level -= added.get(day) ?? 0;
  }
  const perDay = slopePerDay(points);
  let days: number | null = null;
  if (budgetBytes != null && stored >= budgetBytes) days = 0;
  else if (budgetBytes != null && perDay && perDay > 0) days = Math.ceil((budgetBytes - stored) / perDay);
  return { bytesPerDay: perDay, daysToBudget: days };
}

export async function loadStorageForecasts(environmentId: string, now = new Date()): Promise<StorageForecast[]> {
  const since = new Date(now.getTime() - FORECAST_DAYS * DAY_MS);
  const { rows } = await getDb().execute<{ id: string; name: string; day: number | null; added: string }>(sql`
    with mine as (select distinct bs.destination_id as id from backup_snapshots bs
                  join backups b on b.id = bs.backup_id where b.environment_id = ${environmentId}::uuid)
    select d.id, d.name,
           case when bs.finished_at >= ${since.toISOString()}::timestamptz
                then ${FORECAST_DAYS} - floor(extract(epoch from (${now.toISOString()}::timestamptz - bs.finished_at)) / 86400)::int
           end as day,
           coalesce(sum(bs.added_bytes), 0) as added
    from mine join destinations d on d.id = mine.id
    join backup_snapshots bs on bs.destination_id = d.id
    join backups b on b.id = bs.backup_id and b.deleted_at is null
    where bs.forgotten_at is null
    group by d.id, d.name, 3 order by d.name`);
  const settings = await storageSettingsOf([...new Set(rows.map((r) => r.id))]);
  const by = new Map<string, { name: string; stored: number; added: Map<number, number> }>();
  for (const r of rows) {
    const e = by.get(r.id) ?? { name: r.name, stored: 0, added: new Map() };
    e.stored += Number(r.added);
    if (r.day != null) e.added.set(Number(r.day), (e.added.get(Number(r.day)) ?? 0) + Number(r.added));
    by.set(r.id, e);
  }
  return [...by].map(([id, e]) => {
    const gib = settings.get(id)?.budgetGib;
    const budgetBytes = gib != null ? gib * 1024 ** 3 : null;
    return {
      destinationId: id,
      name: e.name,
      storedBytes: e.stored,
      budgetBytes,
      ...fitForecast(e.stored, e.added, budgetBytes),
    };
  });
}
