/* The live progress line of a running backup or restore: a bar, percent, bytes done of total, phase
 * and ETA. Pure rendering; the caller polls. The bar is a real progressbar for screen readers. */
import { cn } from "@/components/ui/cn";
import { formatEta, formatProgressBytes } from "./format";
import type { BackupProgressDto } from "./types";

export function ProgressBar({
  progress,
  label,
  className,
}: {
  progress: BackupProgressDto | null | undefined;
  label: string;
  className?: string;
}) {
  const pct = progress ? Math.max(0, Math.min(100, Math.round(progress.percent))) : 0;
  return (
    <div className={cn("flex min-w-0 flex-1 items-center gap-3", className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress ? pct : undefined}
        data-testid="progress-bar"
        data-percent={progress ? pct : ""}
        className="relative h-2 w-48 shrink-0 overflow-hidden rounded-full bg-sky-100 dark:bg-sky-950"
      >
        <div
          className={cn(
            "h-full rounded-full bg-sky-500 transition-[width] duration-700",
            !progress && "w-1/3 animate-pulse",
          )}
          style={progress ? { width: `${pct}%` } : undefined}
        />
      </div>
      <span className="font-medium tabular-nums text-sky-800 dark:text-sky-200" data-testid="progress-percent">
        {progress ? `${pct} %` : "starting…"}
      </span>
      <span className="truncate text-xs text-zinc-600 dark:text-zinc-400" data-testid="progress-detail">
        {[
          progress?.phase,
          formatProgressBytes(progress),
          progress && progress.filesDone > 0 ? `${progress.filesDone.toLocaleString("en-US")} files` : null,
          formatEta(progress?.etaSeconds) || null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </span>
    </div>
  );
}
