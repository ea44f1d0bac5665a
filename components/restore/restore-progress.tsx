/* A started restore: polls GET /api/v1/restores/:id (session cookie) about once a second, shows the
 * safety backup and the restore itself with live progress, then the result — with "Undo this restore"
 * (restore the safety backup) when one was taken, and the error when it failed. */
"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, XCircle } from "lucide-react";
import { panelFetch } from "@/components/backups/panel-fetch";
import { ProgressBar } from "@/components/backups/progress-bar";
import { StatusBadge } from "@/components/backups/status-badge";
import { isActive, type RestoreDto } from "@/components/backups/types";

/** The restore's label and, once a safety backup exists, where "Undo this restore" leads: that backup's
 * page with its Restore dialog open, proposing this restore's scope. */
function undoLink(r: RestoreDto): { targetLabel: string; undoHref: string | null } {
  const t = r.target;
  if (!t) return { targetLabel: "the deleted environment", undoHref: null };
  const base = `/projects/${t.projectSlug}/environments/${t.environmentSlug}/backups`;
  return {
    targetLabel: `${t.projectName} / ${t.environmentName}`,
    undoHref: r.safetyBackupId ? `${base}/${r.safetyBackupId}?restore=1&undo=${r.id}` : null,
  };
}

export function RestoreProgress({ restoreId, onDismiss }: { restoreId: string; onDismiss?: () => void }) {
  const q = useQuery({
    queryKey: ["restore", restoreId],
    queryFn: () => panelFetch<RestoreDto>(`/api/v1/restores/${restoreId}`),
    refetchInterval: (query) => (!query.state.data || isActive(query.state.data.status) ? 1000 : false),
  });
  const r = q.data ? { ...q.data, ...undoLink(q.data) } : undefined;
  if (q.isError && !r) return <p className="text-sm text-red-700">Could not load the restore: {q.error.message}</p>;
  if (!r) return <div className="h-14 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" />;
  const done = !isActive(r.status);
  const ok = r.status === "succeeded";
  return (
    <div
      data-testid="restore-progress"
      data-status={r.status}
      className={
        !done
          ? "rounded-lg border border-sky-200 bg-sky-50/70 px-4 py-3 text-sm dark:border-sky-900/60 dark:bg-sky-950/30"
          : ok
            ? "rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm dark:border-emerald-900/60 dark:bg-emerald-950/30"
            : "rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm dark:border-red-900/60 dark:bg-red-950/30"
      }
    >
      <div className="flex flex-wrap items-center gap-3">
        {done ? (
          ok ? (
            <CheckCircle2 className="size-5 text-emerald-600" aria-hidden />
          ) : (
            <XCircle className="size-5 text-red-600" aria-hidden />
          )
        ) : (
          <StatusBadge status={r.status} />
        )}
        <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="restore-headline">
          {!done
            ? r.progress?.phase
              ? `${r.progress.phase}…`
              : `Restoring into ${r.targetLabel}…`
            : ok
              ? `Restored into ${r.targetLabel}.`
              : r.status === "cancelled"
                ? "The restore was cancelled."
                : `The restore into ${r.targetLabel} failed.`}
        </span>
        {!done ? <ProgressBar progress={r.progress} label="Restore progress" /> : null}
        <span className="ml-auto flex items-center gap-3">
          {done && r.undoHref ? (
            <Link
              href={r.undoHref}
              className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              data-testid="restore-undo"
            >
              Undo this restore
            </Link>
          ) : null}
          {done && onDismiss ? (
            <button
              type="button"
              className="text-xs text-zinc-600 hover:underline dark:text-zinc-400"
              onClick={onDismiss}
            >
              Dismiss
            </button>
          ) : null}
        </span>
      </div>
      {done && ok && r.safetyBackupId ? (
        <p className="mt-1 pl-8 text-xs text-emerald-900/80 dark:text-emerald-200/80">
          What this restore replaced in {r.targetLabel} was saved in a safety backup; “Undo this restore” puts it back.
        </p>
      ) : null}
      {r.error ? (
        <p className="mt-2 text-red-800 dark:text-red-300" data-testid="restore-error">
          {r.error.message}
        </p>
      ) : null}
    </div>
  );
}
