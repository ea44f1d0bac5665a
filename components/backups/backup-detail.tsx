/* The backup detail screen: header with status, totals and the Restore button; a card per source
 * (snapshot id, size, added, status, error; for a database source, its dump to download); the file browser for directory sources whose ticks feed the
 * "Selected files" restore scope; the live restore progress once one starts; and, for admins, the
 * recovery kit per destination. Client component; the page passes data and server actions. */
"use client";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Database, FolderTree, Terminal } from "lucide-react";
import { FileBrowser, type PickedPath } from "@/components/file-browser/file-browser";
import { isDatabaseSource } from "@/lib/restores/scope";
import { RestoreDialog } from "@/components/restore/restore-dialog";
import { RestoreProgress } from "@/components/restore/restore-progress";
import type { PreviewRestoreAction, RestoreTarget, StartRestoreAction } from "@/components/restore/types";
import { cn } from "@/components/ui/cn";
import { ActiveBackup, type CancelJobAction } from "./active-backup";
import { BackupErrorDetail } from "./backups-table";
import { DumpDownloadLinks } from "./dump-download-links";
import { durationBetween, formatAbsolute, formatAdded, formatBytes, formatDuration } from "./format";
import { panelFetch } from "./panel-fetch";
import { RecoveryKitDialog, type RecoveryKitAction } from "./recovery-kit-dialog";
import { StatusBadge } from "./status-badge";
import { VerificationPanel } from "./verification";
import { isActive, type BackupDto, type EnvironmentContext, type RestoreScope } from "./types";

/** The banner polls the same ["backup", id] query this screen reads, so it has nothing to hand back. */
const sharedQuery = () => {};

export function BackupDetail({
  initial,
  env,
  targets,
  canOperate,
  isAdmin,
  canDownload,
  openRestore,
  undo,
  destinations,
  startRestore,
  previewRestore,
  cancelJob,
  recoveryKit,
}: {
  initial: BackupDto;
  env: EnvironmentContext;
  targets: RestoreTarget[];
  canOperate: boolean;
  isAdmin: boolean;
  /** Downloading contents needs operator+ (lib/backups/download-policy); viewers only browse. */
  canDownload: boolean;
  openRestore: boolean;
  /** Opened from "Undo this restore": the undone restore's scope and files, preselected. */
  undo?: { scope: RestoreScope; picked: PickedPath[] } | null;
  destinations: { id: string; name: string }[];
  startRestore: StartRestoreAction;
  previewRestore: PreviewRestoreAction;
  cancelJob: CancelJobAction;
  recoveryKit: RecoveryKitAction;
}) {
  const q = useQuery({
    queryKey: ["backup", initial.id],
    queryFn: () => panelFetch<BackupDto>(`/api/v1/backups/${initial.id}`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? 1000 : false),
  });
  const b = q.data ?? initial;
  const [picked, setPicked] = useState<PickedPath[]>(undo?.picked ?? []);
  const [restoreId, setRestoreId] = useState<string | null>(null);
  // ?restore=1 (the "Undo this restore" link) opens the dialog once, not on every later remount.
  const [autoOpen, setAutoOpen] = useState(openRestore);
  useEffect(() => setAutoOpen(false), []);
  const restorable = (b.status === "succeeded" || b.status === "partial") && b.sources.some((s) => s.snapshotId);
  const dirSources = b.sources.filter((s) => s.type === "directory" && s.snapshotId);
  const current: RestoreTarget = targets.find((t) => t.id === env.id) ?? {
    id: env.id,
    name: env.name,
    slug: env.slug,
    type: env.type,
    sources: [],
  };

  return (
    <div className="flex flex-col gap-5" data-testid="backup-detail" data-status={b.status}>
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-zinc-200 bg-white px-5 py-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-col gap-1">
          <div className="flex items-center gap-2">
            <h2 className="text-base font-semibold" title={formatAbsolute(b.startedAt ?? b.createdAt, env.timezone)}>
              Backup of {formatAbsolute(b.startedAt ?? b.createdAt, env.timezone).replace(/ \(.*\)$/, "")}
            </h2>
            <StatusBadge status={b.status} />
          </div>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Stat label="Trigger" value={b.trigger} />
            <Stat label="Mode" value={b.live ? "live" : "consistent"} />
            <Stat label="Size" value={formatBytes(b.totalBytes)} />
            <Stat label="Added" {...formatAdded(b.addedBytes, b.totalBytes)} />
            <Stat
              label="Took"
              value={b.finishedAt ? formatDuration(durationBetween(b.startedAt ?? b.createdAt, b.finishedAt)) : "—"}
            />
            <Stat label="Time zone" value={env.timezone} />
          </dl>
        </div>
        <div className="flex items-center gap-2">
          {isAdmin && destinations.length ? (
            <RecoveryKitDialog destinations={destinations} recoveryKit={recoveryKit} />
          ) : null}
          {canOperate && restorable ? (
            <RestoreDialog
              key={picked.length}
              backup={b}
              projectName={env.projectName}
              currentEnv={current}
              targets={targets}
              picked={picked}
              timeZone={env.timezone}
              startRestore={startRestore}
              previewRestore={previewRestore}
              onStarted={setRestoreId}
              defaultOpen={autoOpen}
              defaultScope={autoOpen ? undo?.scope : undefined}
              label={picked.length ? `Restore ${picked.length} selected` : "Restore"}
            />
          ) : null}
        </div>
      </div>

      {restoreId ? <RestoreProgress restoreId={restoreId} onDismiss={() => setRestoreId(null)} /> : null}

      {isActive(b.status) ? (
        <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
          <ActiveBackup initial={b} canOperate={canOperate} cancelJob={cancelJob} onChange={sharedQuery} />
        </div>
      ) : null}

      {b.status === "failed" || b.status === "partial" || b.error ? (
        <div className="rounded-lg border border-red-200 bg-red-50/60 px-5 py-4 dark:border-red-900/60 dark:bg-red-950/20">
          <BackupErrorDetail backup={b} />
        </div>
      ) : null}

      {!isActive(b.status) && b.status !== "cancelled" ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold">Verification</h3>
          <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
            <VerificationPanel verification={b.verification ?? { status: "pending", checks: [] }} />
          </div>
        </section>
      ) : null}

      <section>
        <h3 className="mb-2 text-sm font-semibold">Sources</h3>
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="backup-sources">
            <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>
                <th className="px-4 py-2 text-left font-medium">Source</th>
                <th className="px-3 py-2 text-left font-medium">Status</th>
                <th className="px-3 py-2 text-left font-medium">Snapshot</th>
                <th className="px-3 py-2 text-left font-medium">Destination</th>
                <th className="px-3 py-2 text-right font-medium">Size</th>
                <th className="px-4 py-2 text-right font-medium">Added</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {b.sources.map((s, i) => (
                <tr key={`${s.sourceId}-${s.destinationId}`}>
                  <td className="px-4 py-2">
                    <span className="inline-flex items-center gap-2 font-medium">
                      {isDatabaseSource(s.type) ? (
                        <Database className="size-4 text-zinc-400" aria-hidden />
                      ) : (
                        <FolderTree className="size-4 text-zinc-400" aria-hidden />
                      )}
                      {s.name}
                      <span className="text-xs font-normal text-zinc-500">{s.type}</span>
                    </span>
                    {s.error ? (
                      <p className="mt-0.5 text-xs text-red-700 dark:text-red-400">{s.error.message}</p>
                    ) : null}
                    {canDownload && isDatabaseSource(s.type) && s.snapshotId && firstOfSource(b.sources, i) ? (
                      <DumpDownloadLinks
                        backupId={b.id}
                        sourceId={s.sourceId}
                        sourceName={s.name}
                        sourceType={s.type}
                      />
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={s.status} />
                  </td>
                  <td
                    className="px-3 py-2 font-mono text-xs text-zinc-600 dark:text-zinc-400"
                    title={s.snapshotId ?? undefined}
                  >
                    {s.snapshotId ? s.snapshotId.slice(0, 8) : "—"}
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    {s.destinationName ?? destinations.find((d) => d.id === s.destinationId)?.name ?? "—"}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatBytes(s.totalBytes)}</td>
                  <td
                    className="px-4 py-2 text-right tabular-nums text-zinc-600 dark:text-zinc-400"
                    title={formatAdded(s.addedBytes, s.totalBytes).title}
                  >
                    <span
                      className={cn(
                        formatAdded(s.addedBytes, s.totalBytes).title &&
                          "cursor-help underline decoration-dotted underline-offset-2",
                      )}
                    >
                      {formatAdded(s.addedBytes, s.totalBytes).text}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {dirSources.length ? (
        <section className="flex flex-col gap-3">
          <div className="flex items-baseline justify-between">
            <h3 className="text-sm font-semibold">Files</h3>
            {picked.length ? (
              <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="picked-count">
                {picked.length} selected for restore ·{" "}
                <button
                  type="button"
                  className="text-indigo-600 hover:underline dark:text-indigo-400"
                  onClick={() => setPicked([])}
                >
                  clear
                </button>
              </p>
            ) : canOperate ? (
              <p className="text-xs text-zinc-500">Tick files or folders to restore just those.</p>
            ) : !canDownload ? (
              <p className="text-xs text-zinc-500" data-testid="downloads-need-operator">
                Names, sizes and times only: downloading contents needs the operator role.
              </p>
            ) : null}
          </div>
          {dirSources.map((s) => (
            <FileBrowser
              key={s.sourceId}
              backupId={b.id}
              sourceId={s.sourceId}
              sourceName={s.name}
              timeZone={env.timezone}
              picked={picked}
              canPick={canOperate}
              canDownload={canDownload}
              onPickedChange={setPicked}
            />
          ))}
        </section>
      ) : null}
      {!dirSources.length && b.sources.length && !isActive(b.status) ? (
        <p className="flex items-center gap-2 text-xs text-zinc-500">
          <Terminal className="size-3.5" aria-hidden /> Database sources are restored whole; there are no files to
          browse in this backup
          {canDownload ? " (download a dump from its row above)." : ". Downloading a dump needs the operator role."}
        </p>
      ) : null}
    </div>
  );
}

/** A source backed up to several destinations has a row per destination; its dump links show once. */
function firstOfSource(rows: BackupDto["sources"], i: number): boolean {
  return rows.findIndex((r) => r.sourceId === rows[i]!.sourceId && r.snapshotId) === i;
}

function Stat({ label, value, text, title }: { label: string; value?: string; text?: string; title?: string }) {
  return (
    <div className="flex gap-1.5" title={title}>
      <dt className="text-zinc-500">{label}</dt>
      <dd
        className={cn(
          "font-medium tabular-nums text-zinc-800 dark:text-zinc-200",
          title && "cursor-help underline decoration-dotted underline-offset-2",
        )}
        data-testid={`stat-${label.toLowerCase()}`}
      >
        {value ?? text}
      </dd>
    </div>
  );
}
