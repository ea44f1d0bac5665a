/* Monitoring tab additions above the charts: the latest verification (status and its checks, when a
 * backup was verified) and, per destination, the data stored, the growth per day (line fit over 30
 * days) and "at this rate the 500 GiB budget is reached in 43 days". Server component. */
import { formatBytes } from "@/components/ui/format";
import type { StorageForecast } from "@/lib/monitoring/storage-forecast";
import type { VerificationSummary } from "@/lib/monitoring/verification-status";

const TONE: Record<string, string> = {
  passed: "text-emerald-700 dark:text-emerald-400",
  warning: "text-amber-700 dark:text-amber-400",
  failed: "text-red-700 dark:text-red-400",
  pending: "text-zinc-500",
};

function outlook(f: StorageForecast): string {
  if (f.budgetBytes == null) return "No budget set for this destination.";
  const budget = formatBytes(f.budgetBytes);
  if (f.daysToBudget === 0) return `Already above the ${budget} budget.`;
  if (f.daysToBudget == null) return `Not growing: the ${budget} budget is not in sight.`;
  return `At this rate the ${budget} budget is reached in ${f.daysToBudget} ${f.daysToBudget === 1 ? "day" : "days"}.`;
}

export function StorageOutlook({
  forecasts,
  verification,
}: {
  forecasts: StorageForecast[];
  verification: VerificationSummary | null;
}) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <section aria-labelledby="verify-h" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h3 id="verify-h" className="text-sm font-semibold">
          Verification
        </h3>
        {verification ? (
          <>
            <p className={`mt-1 text-sm font-medium ${TONE[verification.verification.status] ?? ""}`}>
              Latest verified backup: {verification.verification.status}
            </p>
            <ul className="mt-2 space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
              {verification.verification.checks.map((c) => (
                <li key={c.name}>
                  <span className={TONE[c.status]}>{c.status}</span> · {c.name}: {c.message}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="mt-1 text-sm text-zinc-500">No backup has been verified yet.</p>
        )}
      </section>
      <section aria-labelledby="forecast-h" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h3 id="forecast-h" className="text-sm font-semibold">
          Storage forecast
        </h3>
        {forecasts.length ? (
          <ul className="mt-2 space-y-2 text-sm">
            {forecasts.map((f) => (
              <li key={f.destinationId}>
                <span className="font-medium">{f.name}</span>{" "}
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
                  {formatBytes(f.storedBytes)}
                  {f.bytesPerDay != null ? ` · +${formatBytes(Math.max(0, f.bytesPerDay))}/day` : ""}
                </span>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{outlook(f)}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-zinc-500">No backup has written to a destination yet.</p>
        )}
      </section>
    </div>
  );
}
