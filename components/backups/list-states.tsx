/* The three non-data states every list on the backup screens has: an empty state that says what to do
 * next, a loading skeleton shaped like the table, and an error with the server's message and a retry. */
import Link from "next/link";
import { Archive, RotateCw, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatRunTime } from "./format";
import type { BackupReadiness } from "./types";

const linkClass = "text-indigo-600 hover:underline dark:text-indigo-400";

export function EmptyBackups({
  settingsHref,
  canOperate,
  readiness,
  timeZone,
}: {
  settingsHref: string;
  canOperate: boolean;
  readiness: BackupReadiness;
  timeZone: string;
}) {
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-14 text-center" data-testid="empty-backups">
      <Archive className="size-8 text-zinc-300 dark:text-zinc-600" aria-hidden />
      <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">No backups yet</p>
      <p className="max-w-md text-sm text-zinc-500 dark:text-zinc-400">
        {readiness.sourceCount === 0 ? (
          <>
            This environment has nothing to back up yet.{" "}
            {canOperate ? (
              <Link href={readiness.sourcesHref} className={linkClass} data-testid="empty-add-source">
                Add a source
              </Link>
            ) : (
              "An operator can add a source"
            )}{" "}
            (a database or a folder) first.
          </>
        ) : readiness.nextRun ? (
          <>
            The first one runs <span className="font-medium">{formatRunTime(readiness.nextRun, timeZone)}</span> (
            {readiness.scheduleWords.join("; ")}
            {readiness.scheduleInherited ? ", inherited from the default schedule" : ""}).{" "}
            {canOperate ? (
              <>
                Use <span className="font-medium">Backup now</span> to start one sooner, or{" "}
                <Link href={settingsHref} className={linkClass}>
                  change the schedule
                </Link>
                .
              </>
            ) : null}
          </>
        ) : canOperate ? (
          <>
            Use <span className="font-medium">Backup now</span>, or{" "}
            <Link href={settingsHref} className={linkClass}>
              set a schedule
            </Link>{" "}
            so it happens on its own.
          </>
        ) : (
          "Nothing has been backed up in this environment. An operator can start one or set a schedule."
        )}
      </p>
    </div>
  );
}

export function TableSkeleton({ rows = 5, cols = 8 }: { rows?: number; cols?: number }) {
  return (
    <div
      className="animate-pulse divide-y divide-zinc-100 dark:divide-zinc-800"
      role="status"
      aria-busy="true"
      aria-label="Loading"
    >
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
        <div key={r} className="flex gap-4 px-3 py-3">
          {Array.from({ length: cols }, (_, c) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
              key={c}
              className="h-3 flex-1 rounded bg-zinc-200/80 dark:bg-zinc-800"
              style={{ maxWidth: c === 0 ? 120 : 80 }}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

export function ListError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-10 text-center" role="alert" data-testid="list-error">
      <TriangleAlert className="size-6 text-red-500" aria-hidden />
      <p className="text-sm text-zinc-800 dark:text-zinc-200">{message}</p>
      <Button size="sm" onClick={onRetry}>
        <RotateCw aria-hidden /> Retry
      </Button>
    </div>
  );
}
