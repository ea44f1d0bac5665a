/* The report's headline figures over all environments in scope: backups made and their success rate,
 * scheduled slots kept, environments within their RPO, data stored and its growth. */
import { formatBytes } from "@/components/ui/format";
import type { Report } from "@/lib/reports/schema";

function Figure({ label, value, hint, bad }: { label: string; value: string; hint: string; bad?: boolean }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</div>
      <div
        className={
          bad
            ? "mt-1 text-2xl font-semibold tabular-nums text-red-600 dark:text-red-400"
            : "mt-1 text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50"
        }
      >
        {value}
      </div>
      <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{hint}</div>
    </div>
  );
}

const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 1000) / 10} %` : "—");

export function ReportSummary({ report }: { report: Report }) {
  const envs = report.environments;
  const made = envs.reduce((n, e) => n + e.backupsMade, 0);
  const good = envs.reduce((n, e) => n + e.backupsSucceeded, 0);
  const slots = envs.reduce((n, e) => n + e.scheduledSlots, 0);
  const onTime = envs.reduce((n, e) => n + e.slotsOnTime, 0);
  const met = envs.filter((e) => e.compliance.rpoMet).length;
  const stored = envs.reduce((n, e) => n + e.storageBytes, 0);
  const growth = envs.reduce((n, e) => n + e.growthBytes, 0);
  return (
    <div className="mb-5 grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="report-summary">
      <Figure
        label="Success rate"
        value={pct(good, made)}
        hint={`${good} of ${made} backups succeeded`}
        bad={made > 0 && good / made < 0.9}
      />
      <Figure
        label="On schedule"
        value={pct(onTime, slots)}
        hint={slots ? `${onTime} of ${slots} slots started within 15 min` : "no scheduled slot in this period yet"}
        bad={slots > 0 && onTime / slots < 0.9}
      />
      <Figure
        label="RPO met"
        value={`${met} / ${envs.length}`}
        hint="environments never without a recent good backup"
        bad={met < envs.length}
      />
      <Figure
        label="Stored"
        value={formatBytes(stored)}
        hint={`${growth >= 0 ? "+" : ""}${formatBytes(growth)} in the period`}
      />
    </div>
  );
}
