/* The recovery window of one PostgreSQL source as a timeline: restorable ranges (green) and gaps where a
 * WAL segment is missing (red, never bridged), scaled from the first base backup to the newest WAL, with
 * the bounds written in the environment's timezone. Presentational. */
import type { TRecoveryWindow } from "@/lib/pitr/restore/schema";
import { clockTime } from "@/lib/pitr/restore/zoned-time";

export function RecoveryTimeline({ window, timeZone }: { window: TRecoveryWindow; timeZone: string }) {
  const spans = [
    ...window.ranges.map((r) => ({ ...r, kind: "range" as const })),
    ...window.gaps.map((g) => ({ ...g, kind: "gap" as const })),
  ];
  if (!spans.length) {
    return (
      <p className="text-sm text-zinc-500" data-testid="pitr-timeline-empty">
        No base backup with its WAL in the repository yet; the window appears after the first base backup.
      </p>
    );
  }
  const start = Math.min(...spans.map((s) => Date.parse(s.from)));
  const end = Math.max(...spans.map((s) => Date.parse(s.to)));
  const width = Math.max(1, end - start);
  const pct = (ms: number) => `${(((ms - start) / width) * 100).toFixed(2)}%`;
  return (
    <div data-testid="pitr-timeline">
      <div className="relative h-6 w-full overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        {spans.map((s) => (
          <div
            key={`${s.kind}-${s.from}`}
            className={`absolute inset-y-0 ${s.kind === "range" ? "bg-emerald-500/80" : "bg-red-500/80 bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(255,255,255,.35)_4px,rgba(255,255,255,.35)_8px)]"}`}
            style={{
              left: pct(Date.parse(s.from)),
              width: `max(3px, ${pct(Date.parse(s.to) - Date.parse(s.from) + start)})`,
            }}
          />
        ))}
      </div>
      <ul className="mt-2 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        {window.ranges.map((r) => (
          <li key={`r-${r.from}`} data-testid="pitr-range">
            <span className="mr-1 inline-block size-2 rounded-full bg-emerald-500" /> Restorable from{" "}
            <b>{clockTime(r.from, timeZone)}</b> to <b>{clockTime(r.to, timeZone)}</b>
          </li>
        ))}
        {window.gaps.map((g) => (
          <li key={`g-${g.from}`} data-testid="pitr-gap" className="text-red-700 dark:text-red-400">
            <span className="mr-1 inline-block size-2 rounded-full bg-red-500" /> Gap from{" "}
            <b>{clockTime(g.from, timeZone)}</b> to <b>{clockTime(g.to, timeZone)}</b>: a WAL segment is missing
            {g.missing ? ` (${g.missing.first})` : ""}, so these times cannot be restored.
          </li>
        ))}
      </ul>
    </div>
  );
}
