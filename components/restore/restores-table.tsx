/* The Restores tab: every restore into this environment, newest first — when, who, what (scope, folder
 * mode, selected files), from which backup, the result with its error, how long it took, its safety
 * backup, and "Undo" while the safety backup can still put things back. The first page comes from the
 * server; React Query polls while a restore is queued or running. Rendering only. */
"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { durationBetween, formatDuration, formatShortDate } from "@/components/backups/format";
import { panelFetch } from "@/components/backups/panel-fetch";
import { RelativeTime } from "@/components/backups/relative-time";
import { StatusBadge } from "@/components/backups/status-badge";
import { isActive } from "@/components/backups/types";
import type { RestoreListItem, RestorePage } from "@/lib/restores/list-restores";

const th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400";
const td = "px-3 py-2 align-top";
const SCOPE: Record<RestoreListItem["scope"], string> = {
  full: "Everything",
  databases: "Databases only",
  files: "Files only",
  config: "Configuration only",
  paths: "Selected files",
};

function What({ r }: { r: RestoreListItem }) {
  const folders = r.scope !== "databases";
  return (
    <div className="flex flex-col gap-0.5">
      <span className="font-medium">
        {SCOPE[r.scope]}
        {r.paths?.length ? ` (${r.paths.length})` : ""}
      </span>
      {r.paths?.length ? (
        <span
          className="max-w-64 truncate font-mono text-xs text-zinc-500"
          title={r.paths.map((p) => p.path).join("\n")}
        >
          {r.paths.map((p) => p.path).join(", ")}
        </span>
      ) : null}
      {folders ? (
        <span className="text-xs text-zinc-500" data-testid="restore-row-mode">
          {r.mode === "merge" ? "kept files added since" : "removed files added since"}
        </span>
      ) : null}
    </div>
  );
}

export function RestoresTable({
  environmentId,
  initialPage,
  timeZone,
  backupsPath,
}: {
  environmentId: string;
  initialPage: RestorePage;
  timeZone: string;
  /** `/projects/…/environments/…/backups`: backup pages and the Undo link live under it. */
  backupsPath: string;
}) {
  const q = useQuery({
    queryKey: ["restores", environmentId],
    queryFn: () => panelFetch<RestorePage>(`/api/v1/environments/${environmentId}/restores?limit=50`),
    initialData: initialPage,
    refetchInterval: (query) => (query.state.data?.items.some((r) => isActive(r.status)) ? 1500 : false),
  });
  const items = q.data.items;
  if (!items.length) {
    return (
      <div
        className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        data-testid="restores-empty"
      >
        No restores into this environment yet. To restore, open a backup on the{" "}
        <Link href={backupsPath} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Backups
        </Link>{" "}
        tab and choose Restore.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full border-collapse text-sm" data-testid="restores-table">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-900/60">
          <tr>
            <th className={th}>Started</th>
            <th className={th}>By</th>
            <th className={th}>What</th>
            <th className={th}>From backup</th>
            <th className={th}>Result</th>
            <th className={`${th} text-right`}>Took</th>
            <th className={th}>Safety backup</th>
            <th className={th}>
              <span className="sr-only">Undo</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {items.map((r) => (
            <tr key={r.id} data-testid="restore-row" data-restore-id={r.id} data-status={r.status}>
              <td className={td}>
                <RelativeTime at={r.createdAt} timeZone={timeZone} />
              </td>
              <td className={`${td} max-w-44 truncate`} title={r.createdBy?.email} data-testid="restore-row-by">
                {r.createdBy ? r.createdBy.name || r.createdBy.email : <span className="text-zinc-500">—</span>}
              </td>
              <td className={td}>
                <What r={r} />
              </td>
              <td className={td}>
                {!r.backup ? (
                  <span data-testid="restore-row-pitr">
                    point in time{" "}
                    {r.pitr?.time === "latest" ? "latest" : formatShortDate(r.pitr?.time ?? r.createdAt, timeZone)}
                    {r.pitr?.recoveredTo ? (
                      <span className="block text-xs text-zinc-500">
                        replayed to {formatShortDate(r.pitr.recoveredTo, timeZone)}
                      </span>
                    ) : null}
                  </span>
                ) : r.backup.deleted ? (
                  <span className="text-zinc-500">{formatShortDate(r.backup.takenAt, timeZone)} (deleted)</span>
                ) : r.backup.environmentId === environmentId ? (
                  <Link
                    href={`${backupsPath}/${r.backup.id}`}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {formatShortDate(r.backup.takenAt, timeZone)}
                  </Link>
                ) : (
                  <span>
                    {formatShortDate(r.backup.takenAt, timeZone)}
                    <span className="block text-xs text-zinc-500">
                      of {r.backup.environmentName ?? "another environment"}
                    </span>
                  </span>
                )}
              </td>
              <td className={td}>
                <StatusBadge status={r.status} />
                {r.restoredFromCopy ? (
                  <p
                    className="mt-1 max-w-72 text-xs text-amber-700 dark:text-amber-400"
                    data-testid="restore-row-from-copy"
                    title={r.restoredFromCopy.message}
                  >
                    Read from the copy on {r.restoredFromCopy.destinationName}: the primary could not be opened.
                  </p>
                ) : null}
                {r.error ? (
                  <p className="mt-1 max-w-72 text-xs text-red-700 dark:text-red-400" data-testid="restore-row-error">
                    {r.error.message}
                  </p>
                ) : null}
              </td>
              <td className={`${td} text-right tabular-nums`}>
                {r.startedAt && r.finishedAt ? formatDuration(durationBetween(r.startedAt, r.finishedAt)) : "—"}
              </td>
              <td className={td}>
                {r.safetyBackup && !r.safetyBackup.deleted ? (
                  <Link
                    href={`${backupsPath}/${r.safetyBackup.id}`}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                    data-testid="restore-row-safety"
                    title="Open the safety backup taken before this restore"
                  >
                    {r.safetyBackup.status === "succeeded" ? "saved" : r.safetyBackup.status}
                  </Link>
                ) : (
                  <span className="text-zinc-500">{r.safetyBackup?.deleted ? "deleted" : "none"}</span>
                )}
              </td>
              <td className={`${td} text-right`}>
                {r.undoable && r.safetyBackup ? (
                  <Link
                    href={`${backupsPath}/${r.safetyBackup.id}?restore=1&undo=${r.id}`}
                    className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                    data-testid="restore-row-undo"
                  >
                    <RotateCcw className="size-3.5" aria-hidden /> Undo
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data.nextCursor ? (
        <p className="border-t border-zinc-100 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
          Showing the latest 50 restores; older ones: GET /api/v1/environments/{environmentId}/restores?cursor=…
        </p>
      ) : null}
    </div>
  );
}
