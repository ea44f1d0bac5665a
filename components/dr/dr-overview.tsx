/* The top of the Disaster recovery tab: the verdict of the environment (ok / at risk / failing) and one
 * row per measurement — newest good backup and worst gap against the RPO, last test restore against the
 * RTO — each with its colour and the words of lib/dr/dr-status. Server-safe (no hooks). */
import { CircleAlert, CircleCheck, TriangleAlert } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { formatDuration } from "@/components/ui/format";
import { spanInWords } from "@/lib/environments/rpo-target";
import type { DrLine, DrStatus, DrView } from "@/lib/dr/schema";

const TONE: Record<DrStatus, { label: string; text: string; box: string; Icon: typeof CircleCheck }> = {
  ok: {
    label: "on target",
    text: "text-emerald-700 dark:text-emerald-400",
    box: "border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40",
    Icon: CircleCheck,
  },
  at_risk: {
    label: "at risk",
    text: "text-amber-700 dark:text-amber-400",
    box: "border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/40",
    Icon: TriangleAlert,
  },
  failing: {
    label: "failing",
    text: "text-red-700 dark:text-red-400",
    box: "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/40",
    Icon: CircleAlert,
  },
};

const SUMMARY: Record<DrStatus, string> = {
  ok: "This environment meets its recovery targets.",
  at_risk: "This environment may miss its recovery targets. The rows below say why.",
  failing: "This environment would miss its recovery targets today. Fix the red rows first.",
};

function measuredText(line: DrLine, v: DrView): string {
  const m = v.measured;
  if (line.key === "last_good") {
    if (!m.lastGoodBackupAt) return "none";
    return `${formatDuration(Date.parse(v.measuredAt) - Date.parse(m.lastGoodBackupAt))} ago`;
  }
  if (line.key === "worst_gap")
    return m.worstGapSeconds30d === null ? "—" : formatDuration(m.worstGapSeconds30d * 1000);
  const r = m.lastTestRestore;
  if (!r) return "never";
  if (r.status !== "succeeded") return r.status;
  return r.durationSeconds === null ? "succeeded" : `took ${formatDuration(r.durationSeconds * 1000)}`;
}

const ROWS: Record<DrLine["key"], { what: string; target: (v: DrView) => string }> = {
  last_good: { what: "Newest good backup", target: (v) => `RPO ${spanInWords(v.targets.rpoSeconds)}` },
  worst_gap: { what: "Worst gap, last 30 days", target: (v) => `RPO ${spanInWords(v.targets.rpoSeconds)}` },
  test_restore: { what: "Last test restore", target: (v) => `RTO ${spanInWords(v.targets.rtoSeconds)}` },
};

export function DrOverview({ view }: { view: DrView }) {
  const t = TONE[view.status];
  return (
    <div className="space-y-3">
      <div
        className={cn("flex items-center gap-2 rounded-lg border px-4 py-2.5 text-sm", t.box)}
        data-testid="dr-status"
        data-status={view.status}
      >
        <t.Icon className={cn("size-4 shrink-0", t.text)} aria-hidden />
        <span className={cn("font-medium", t.text)}>{t.label}</span>
        <span className="text-zinc-700 dark:text-zinc-300">{SUMMARY[view.status]}</span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm" data-testid="dr-lines">
          <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
            <tr>
              <th className="px-4 py-2 text-left font-medium">Measure</th>
              <th className="px-3 py-2 text-right font-medium">Target</th>
              <th className="px-3 py-2 text-right font-medium">Measured</th>
              <th className="px-4 py-2 text-left font-medium">What it means</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {view.lines.map((line) => {
              const lt = TONE[line.status];
              return (
                <tr key={line.key} data-testid={`dr-line-${line.key}`} data-status={line.status}>
                  <td className="whitespace-nowrap px-4 py-2.5 font-medium">
                    <span className="flex items-center gap-2">
                      <lt.Icon className={cn("size-4 shrink-0", lt.text)} aria-label={lt.label} />
                      {ROWS[line.key].what}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2.5 text-right tabular-nums text-zinc-600 dark:text-zinc-400">
                    {ROWS[line.key].target(view)}
                  </td>
                  <td className={cn("whitespace-nowrap px-3 py-2.5 text-right tabular-nums", lt.text)}>
                    {measuredText(line, view)}
                  </td>
                  <td className="px-4 py-2.5 text-zinc-700 dark:text-zinc-300">{line.message}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
