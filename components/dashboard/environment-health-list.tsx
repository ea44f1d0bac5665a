/* The dashboard: every environment, worst first — health dot and badge, project / environment, last
 * backup (status and time), last good backup with the last proven restore under it ("restore proven
 * 3 d ago"), next scheduled run, size of the last good backup with a
 * sparkline, and an Open link; above it the totals line "3 healthy · 1 at risk · 0 failing". */
import Link from "next/link";
import { CircleAlert, CircleCheck, TriangleAlert } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { buttonClasses } from "@/components/ui/button";
import { Sparkline } from "@/components/charts/sparkline";
import { formatAbsolute, formatBytes, formatRunTime, zoneAbbreviation } from "@/components/backups/format";
import { RelativeTime } from "@/components/backups/relative-time";
import { StatusBadge } from "@/components/backups/status-badge";
import type { BackupStatus } from "@/components/backups/types";
import type { Health } from "@/lib/dashboard/health";
import type { DashboardRow } from "@/lib/dashboard/load-dashboard";

/** The row as lib/dashboard loads it (a type-only import: nothing server-side reaches the bundle). */
export type DashboardRowView = DashboardRow;

const HEALTH: Record<Health, { label: string; cls: string; Icon: typeof CircleCheck }> = {
  healthy: { label: "healthy", cls: "text-emerald-600 dark:text-emerald-400", Icon: CircleCheck },
  at_risk: { label: "at risk", cls: "text-amber-600 dark:text-amber-400", Icon: TriangleAlert },
  failing: { label: "failing", cls: "text-red-600 dark:text-red-400", Icon: CircleAlert },
};

export function HealthTotals({ rows }: { rows: DashboardRowView[] }) {
  const n = (h: Health) => rows.filter((r) => r.health === h).length;
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="health-totals">
      <span className={n("healthy") ? "text-emerald-700 dark:text-emerald-400" : undefined}>
        {n("healthy")} healthy
      </span>
      <span className="px-1.5 text-zinc-300 dark:text-zinc-600">·</span>
      <span className={n("at_risk") ? "font-medium text-amber-700 dark:text-amber-400" : undefined}>
        {n("at_risk")} at risk
      </span>
      <span className="px-1.5 text-zinc-300 dark:text-zinc-600">·</span>
      <span className={n("failing") ? "font-medium text-red-700 dark:text-red-400" : undefined}>
        {n("failing")} failing
      </span>
    </p>
  );
}

export function EnvironmentHealthList({ rows }: { rows: DashboardRowView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm" data-testid="dashboard-environments">
        <thead className="whitespace-nowrap border-b border-zinc-200 bg-zinc-50/80 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
          <tr>
            <th className="px-4 py-2 text-left font-medium">Environment</th>
            <th className="px-3 py-2 text-left font-medium">Last backup</th>
            <th className="px-3 py-2 text-left font-medium">Last good</th>
            <th className="px-3 py-2 text-left font-medium">Next run</th>
            <th className="px-3 py-2 text-right font-medium">Size</th>
            <th className="px-3 py-2 text-left font-medium">
              <span className="sr-only">Size trend</span>
            </th>
            <th className="px-4 py-2">
              <span className="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {rows.map((r) => {
            const h = HEALTH[r.health];
            return (
              <tr
                key={r.id}
                data-testid="dashboard-row"
                data-health={r.health}
                className="hover:bg-zinc-50 dark:hover:bg-zinc-800/30"
              >
                <td className="px-4 py-2.5">
                  <div className="flex items-center gap-2.5">
                    <h.Icon className={cn("size-4 shrink-0", h.cls)} aria-label={h.label} />
                    <div className="min-w-0">
                      <Link href={r.href} className="font-medium hover:underline">
                        <span className="text-zinc-500 dark:text-zinc-400">{r.projectName} /</span> {r.name}
                      </Link>
                      <p
                        className={cn("text-xs", r.health === "healthy" ? "text-zinc-500" : h.cls)}
                        data-testid="health-reason"
                      >
                        <span className="font-medium">{h.label}</span> · {r.type}
                        {r.health !== "healthy" ? ` · ${r.reason}` : ""}
                      </p>
                      <p
                        className={cn(
                          "text-xs",
                          r.threeTwoOne.met ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500",
                        )}
                        title={r.threeTwoOne.summary}
                        data-testid="three-two-one"
                        data-met={String(r.threeTwoOne.met)}
                      >
                        {r.threeTwoOne.met ? "3-2-1 ✓" : "3-2-1 ✗"} · {r.threeTwoOne.places}{" "}
                        {r.threeTwoOne.places === 1 ? "place" : "places"} · {r.threeTwoOne.types}{" "}
                        {r.threeTwoOne.types === 1 ? "kind" : "kinds"} ·{" "}
                        {r.threeTwoOne.offsite ? "off-site" : "no off-site"}
                      </p>
                    </div>
                  </div>
                </td>
                <td className="whitespace-nowrap px-3 py-2.5">
                  {r.lastBackup ? (
                    <span className="flex items-center gap-2">
                      <StatusBadge status={r.lastBackup.status as BackupStatus} />
                      <RelativeTime
                        at={r.lastBackup.at}
                        timeZone={r.timezone}
                        className="text-zinc-600 dark:text-zinc-400"
                      />
                    </span>
                  ) : (
                    <span className="text-zinc-400">never</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-zinc-600 dark:text-zinc-400">
                  <RelativeTime at={r.lastGoodAt} timeZone={r.timezone} />
                  <p className="text-xs text-zinc-500" data-testid="last-proven">
                    {r.lastProvenAt ? (
                      <>
                        restore proven <RelativeTime at={r.lastProvenAt} timeZone={r.timezone} />
                      </>
                    ) : (
                      "no proven restore"
                    )}
                  </p>
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-zinc-600 dark:text-zinc-400">
                  {!r.active ? (
                    <span className="text-zinc-500">— (paused)</span>
                  ) : r.nextRun ? (
                    <span>
                      <span title={formatAbsolute(r.nextRun, r.timezone)} data-testid="next-run-time">
                        {formatRunTime(r.nextRun, r.timezone)} {zoneAbbreviation(r.nextRun, r.timezone)}
                      </span>{" "}
                      <span className="text-zinc-400">(</span>
                      <RelativeTime at={r.nextRun} timeZone={r.timezone} />
                      <span className="text-zinc-400">)</span>
                    </span>
                  ) : (
                    <span className="text-zinc-500">— (no schedule)</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2.5 text-right tabular-nums">
                  {formatBytes(r.lastGoodBytes)}
                </td>
                <td className="px-3 py-2.5 text-indigo-500 dark:text-indigo-400">
                  <Sparkline points={r.sizes} className="h-6 w-24" />
                </td>
                <td className="px-4 py-2.5 text-right">
                  <Link href={r.href} className={buttonClasses({ size: "sm" })}>
                    Open
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
