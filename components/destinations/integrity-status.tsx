/* A destination's integrity line on the Destinations page: "structure checked 3 h ago · 100 % of data
 * read in the last 30 days", red when the last check found damage or could not run, "never checked"
 * before the first one; below it the read plan (rotation t, about what one check downloads). Server-rendered from the integrity summary (lib/proof/checks/check-view.ts). */
import { formatBytes } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DestinationIntegrity } from "@/lib/proof/checks/check-view";

export function IntegrityStatus({ integrity, name }: { integrity: DestinationIntegrity; name: string }) {
  const { lastCheckAt, lastCheckStatus, dataReadPercent30d, readDataRuns, estimatedBytesPerCheck } = integrity;
  const plan = (
    <span className="block text-zinc-500" data-testid={`read-plan-${name}`}>
      all data read every {readDataRuns} {readDataRuns === 1 ? "check" : "checks"} · about{" "}
      {formatBytes(estimatedBytesPerCheck)} per check
    </span>
  );
  if (!lastCheckAt) {
    return (
      <span className="text-xs text-zinc-500" data-testid={`integrity-${name}`} data-status="never">
        never checked
        {plan}
      </span>
    );
  }
  const failed = lastCheckStatus !== "succeeded";
  return (
    <span
      className={`text-xs leading-snug ${failed ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-300"}`}
      data-testid={`integrity-${name}`}
      data-status={lastCheckStatus ?? "never"}
    >
      {failed ? "check failed" : "structure checked"} <RelativeTime iso={lastCheckAt} />
      <span className="text-zinc-400"> · </span>
      <span className={dataReadPercent30d >= 100 ? "text-emerald-700 dark:text-emerald-400" : undefined}>
        {formatPercent(dataReadPercent30d)} of data read in the last 30 days
      </span>
      {plan}
    </span>
  );
}

function formatPercent(p: number): string {
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)} %`;
}
