/* The backups list of one environment: one dense row per backup (time, trigger, mode, status, size,
 * added, duration, sources) with a link to its detail page, and — for failed or partial ones — an
 * expandable line with the error and the job log. Rendering only; BackupsView owns the data. */
"use client";
import Link from "next/link";
import { Fragment, useState } from "react";
import { ChevronRight, ScrollText } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { cn } from "@/components/ui/cn";
import { durationBetween, formatAdded, formatBytes, formatDuration } from "./format";
import { panelFetch } from "./panel-fetch";
import { RelativeTime } from "./relative-time";
import { CopiesBadge } from "./copies-badge";
import { OnlyOnCopyBadge } from "./only-on-copy-badge";
import { DamagedBadge } from "./damaged-badge";
import { StatusBadge } from "./status-badge";
import { DeleteBackupButton } from "./delete-backup-button";
import { TestRestoreButton } from "./test-restore-button";
import { type BackupDto, isActive, type JobLogLineDto } from "./types";
import { VerificationBadge } from "./verification";

const th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400";
const td = "px-3 py-2 align-middle";

export function BackupsTable({
  items,
  timeZone,
  basePath,
  canOperate,
  canDelete = false,
  onChanged,
}: {
  items: BackupDto[];
  timeZone: string;
  basePath: string;
  canOperate: boolean;
  /** admins: "Delete" (everywhere it is held) on finished backups */
  canDelete?: boolean;
  onChanged?: () => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <table className="w-full border-collapse text-sm" data-testid="backups-table">
      <thead className="border-b border-zinc-200 bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-900/60">
        <tr>
          <th className={th}>Started</th>
          <th className={th}>Trigger</th>
          <th className={th}>Mode</th>
          <th className={th}>Status</th>
          <th className={cn(th, "text-right")}>Size</th>
          <th className={cn(th, "text-right")}>Added</th>
          <th className={cn(th, "text-right")}>Took</th>
          <th className={th}>Sources</th>
          <th className={th}>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {items.map((b) => {
          const problem = b.status === "failed" || b.status === "partial";
          // A failed or cancelled run stored nothing: a dash, never "0 B", which would read as an empty backup.
          const noData = b.status === "failed" || b.status === "cancelled";
          const expanded = open === b.id;
          const href = `${basePath}/${b.id}`;
          return (
            <Fragment key={b.id}>
              <tr
                data-testid="backup-row"
                data-backup-id={b.id}
                data-status={b.status}
                className="hover:bg-zinc-50 dark:hover:bg-zinc-900/50"
              >
                <td className={cn(td, "whitespace-nowrap")}>
                  <Link href={href} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
                    <RelativeTime at={b.startedAt ?? b.createdAt} timeZone={timeZone} mode="calendar" />
                  </Link>
                </td>
                <td className={cn(td, "text-zinc-600 dark:text-zinc-400")}>{b.trigger}</td>
                <td className={cn(td, "text-zinc-600 dark:text-zinc-400")}>{b.live ? "live" : "consistent"}</td>
                <td className={td}>
                  <span className="inline-flex flex-wrap items-center gap-1.5">
                    <StatusBadge status={b.status} />
                    <VerificationBadge backup={b} />
                    <DamagedBadge damaged={b.damaged} />
                    <CopiesBadge backup={b} timeZone={timeZone} />
                    <OnlyOnCopyBadge backup={b} />
                  </span>
                </td>
                <td className={cn(td, "text-right tabular-nums")}>{noData ? "—" : formatBytes(b.totalBytes)}</td>
                <AddedCell
                  className={cn(td, "text-right tabular-nums text-zinc-600 dark:text-zinc-400")}
                  added={noData ? null : b.addedBytes}
                  total={b.totalBytes}
                />
                <td className={cn(td, "text-right tabular-nums text-zinc-600 dark:text-zinc-400")}>
                  {b.finishedAt ? formatDuration(durationBetween(b.startedAt ?? b.createdAt, b.finishedAt)) : "—"}
                </td>
                <td
                  className={cn(td, "min-w-32 max-w-64 break-words text-zinc-600 dark:text-zinc-400")}
                  title={b.sources.map((s) => `${s.name} (${s.status})`).join("\n")}
                >
                  {b.sources.length ? b.sources.map((s) => s.name).join(", ") : "—"}
                </td>
                <td className={cn(td, "whitespace-nowrap text-right")}>
                  {problem ? (
                    <button
                      type="button"
                      onClick={() => setOpen(expanded ? null : b.id)}
                      aria-expanded={expanded}
                      className="mr-3 text-xs font-medium text-red-700 hover:underline dark:text-red-400"
                      data-testid="toggle-error"
                    >
                      {expanded ? "Hide error" : "Why?"}
                    </button>
                  ) : null}
                  {b.status === "succeeded" || b.status === "partial" ? (
                    <TestRestoreButton
                      backupId={b.id}
                      environmentId={b.environmentId}
                      canOperate={canOperate}
                      timeZone={timeZone}
                    />
                  ) : null}
                  {canDelete && !isActive(b.status) ? (
                    <DeleteBackupButton backup={b} onDeleted={() => onChanged?.()} />
                  ) : null}
                  <Link
                    href={href}
                    className="inline-flex items-center gap-0.5 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                    data-testid={b.status === "succeeded" && canOperate ? "row-restore" : "row-details"}
                  >
                    {(b.status === "succeeded" || b.status === "partial") && canOperate ? "Restore" : "Details"}
                    <ChevronRight className="size-3.5" aria-hidden />
                  </Link>
                </td>
              </tr>
              {expanded ? (
                <tr>
                  <td colSpan={9} className="max-w-0 bg-red-50/50 px-4 py-3 dark:bg-red-950/20">
                    <BackupErrorDetail backup={b} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** The error of a failed backup, each failed source's message, and the job log on demand. */
export function BackupErrorDetail({ backup }: { backup: BackupDto }) {
  const [showLog, setShowLog] = useState(false);
  const log = useQuery({
    queryKey: ["backup-log", backup.id],
    queryFn: () => panelFetch<{ log: JobLogLineDto[] }>(`/api/v1/jobs/${backup.jobId}`).then((r) => r.log),
    enabled: showLog && Boolean(backup.jobId),
  });
  // The backup's own error often repeats a source's; show each message once.
  const failedSources = backup.sources.filter(
    (s, i, all) => s.error && all.findIndex((x) => x.name === s.name && x.error?.message === s.error?.message) === i,
  );
  const ownError =
    backup.error && !failedSources.some((s) => backup.error!.message.includes(s.error!.message)) ? backup.error : null;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="backup-error">
      {ownError ? <p className="break-words font-medium text-red-800 dark:text-red-300">{ownError.message}</p> : null}
      {failedSources.map((s) => (
        <p key={`${s.sourceId}-${s.destinationId}`} className="break-words text-red-800 dark:text-red-300">
          <span className="font-medium">{s.name}:</span> {s.error!.message}
        </p>
      ))}
      {!ownError && !failedSources.length ? <p className="text-zinc-600">No error message was recorded.</p> : null}
      <div>
        <button
          type="button"
          className="inline-flex items-center gap-1 text-xs font-medium text-zinc-700 hover:underline dark:text-zinc-300"
          onClick={() => setShowLog((v) => !v)}
          data-testid="toggle-log"
        >
          <ScrollText className="size-3.5" aria-hidden /> {showLog ? "Hide log" : "Show log"}
        </button>
      </div>
      {showLog ? (
        <pre
          className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md border border-zinc-200 bg-white p-2 font-mono text-xs leading-relaxed text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300"
          data-testid="backup-log"
        >
          {!backup.jobId
            ? "This backup has no job log."
            : log.isPending
              ? "Loading log…"
              : log.isError
                ? `Could not load the log: ${log.error.message}`
                : log.data.length
                  ? log.data.map((l) => `${l.at.slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`).join("\n")
                  : "The log is empty."}
        </pre>
      ) : null}
    </div>
  );
}

function AddedCell({ className, added, total }: { className: string; added: number | null; total: number | null }) {
  const a = formatAdded(added, total);
  return (
    <td className={className} data-testid="backup-added">
      <span
        title={a.title}
        className={a.title ? "cursor-help underline decoration-dotted underline-offset-2" : undefined}
      >
        {a.text}
      </span>
    </td>
  );
}
