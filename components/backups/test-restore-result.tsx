/* A test restore's result: its status and when it ran, then each source with its status, its measured
 * restore duration and every check (passed / warning / failed, with the message). Rendering only. */
"use client";
import { Check, TriangleAlert, X } from "lucide-react";
import type { CheckStatus, TestRestoreView } from "@/lib/proof/schema";
import { cn } from "@/components/ui/cn";
import { durationBetween, formatDuration } from "./format";
import { RelativeTime } from "./relative-time";
import { StatusBadge } from "./status-badge";

const CHECK_LOOK: Record<CheckStatus, { Icon: typeof Check; cls: string }> = {
  passed: { Icon: Check, cls: "text-emerald-600 dark:text-emerald-400" },
  warning: { Icon: TriangleAlert, cls: "text-amber-600 dark:text-amber-400" },
  failed: { Icon: X, cls: "text-red-600 dark:text-red-400" },
};

export function TestRestoreResult({ result, timeZone }: { result: TestRestoreView; timeZone: string }) {
  const running = result.status === "queued" || result.status === "running";
  const warnings = result.sources.flatMap((s) => s.checks).filter((c) => c.status === "warning").length;
  return (
    <div className="flex flex-col gap-3" data-testid="test-restore-result" data-status={result.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={result.status} />
        <span className="text-zinc-600 dark:text-zinc-400">
          {running ? "started " : "ran "}
          <RelativeTime at={result.startedAt ?? result.createdAt} timeZone={timeZone} />
          {result.finishedAt ? ` · took ${formatDuration(durationBetween(result.startedAt, result.finishedAt))}` : ""}
          {result.trigger === "scheduled" ? " · scheduled" : ""}
          {warnings ? ` · ${warnings} ${warnings === 1 ? "check" : "checks"} with a warning` : ""}
        </span>
      </div>
      {result.error && result.status !== "failed" ? (
        <p className="text-sm text-red-700 dark:text-red-400">{result.error.message}</p>
      ) : null}
      {result.sources.length === 0 && running ? (
        <p className="text-sm text-zinc-500">
          Restoring into scratch targets… (never into the live databases or folders)
        </p>
      ) : null}
      <ul className="flex flex-col gap-2">
        {result.sources.map((s) => (
          <li
            key={s.sourceId}
            className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
            data-testid="test-restore-source"
            data-source-name={s.name}
            data-status={s.status}
          >
            <div className="flex items-center justify-between gap-2 text-sm">
              <span className="font-medium">{s.name}</span>
              <span className="flex items-center gap-2">
                <span className="tabular-nums text-xs text-zinc-500" data-testid="test-restore-duration">
                  {s.durationSeconds === null ? "—" : `restored in ${formatDuration(s.durationSeconds * 1000)}`}
                </span>
                <StatusBadge status={s.status} />
              </span>
            </div>
            <ul className="mt-1.5 flex flex-col gap-1">
              {s.checks.map((c) => {
                const { Icon, cls } = CHECK_LOOK[c.status];
                return (
                  <li
                    key={c.name}
                    className="flex gap-2 text-xs"
                    data-testid="test-restore-check"
                    data-status={c.status}
                  >
                    <Icon className={cn("mt-0.5 size-3.5 shrink-0", cls)} aria-label={c.status} />
                    <span>
                      <span className="font-medium text-zinc-800 dark:text-zinc-200">{c.name}</span>
                      <span className="text-zinc-600 dark:text-zinc-400"> — {c.message}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
