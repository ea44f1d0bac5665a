/* One running (or queued) backup above the list: polls its JSON endpoint about once a second and shows
 * the live progress bar (none while it waits for a worker with no progress yet: the text says what it
 * waits for) with a Cancel button. Every answer goes to the parent, which writes it into the
 * list's row, so the banner and the row always show the same state; at a final status the parent also
 * refreshes the list. */
"use client";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";
import { panelFetch } from "./panel-fetch";
import { ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";
import { isActive, type BackupDto } from "./types";

export type CancelJobAction = (input: { jobId: string }) => Promise<ActionResult<unknown>>;

export function ActiveBackup({
  initial,
  canOperate,
  cancelJob,
  onChange,
}: {
  initial: BackupDto;
  canOperate: boolean;
  cancelJob: CancelJobAction;
  /** Each polled state of this backup (the list row shows the same one). */
  onChange: (b: BackupDto) => void;
}) {
  const q = useQuery({
    queryKey: ["backup", initial.id],
    queryFn: () => panelFetch<BackupDto>(`/api/v1/backups/${initial.id}`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? 1000 : false),
  });
  const b = q.data ?? initial;
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    onChange(b);
  }, [b, onChange]);

  async function cancel() {
    if (!b.jobId) return;
    setCancelling(true);
    setError(null);
    const r = await cancelJob({ jobId: b.jobId }).catch(() => null);
    if (!r) setError("Could not reach the server to cancel. Try again.");
    else if (!r.ok) setError(r.error.message);
    setCancelling(false);
  }

  return (
    <div
      data-testid="active-backup"
      data-backup-id={b.id}
      data-status={b.status}
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-sky-200 bg-sky-50/70 px-4 py-3 text-sm dark:border-sky-900/60 dark:bg-sky-950/30"
    >
      <StatusBadge status={b.status} />
      <span className="text-zinc-700 dark:text-zinc-300">
        {b.trigger === "safety" ? "Safety backup" : b.trigger === "scheduled" ? "Scheduled backup" : "Manual backup"}
        {b.waiting ? ` ${b.waiting}` : b.status === "queued" ? " waiting for a worker" : ""}
      </span>
      {b.waiting && !b.progress ? (
        // Nothing is starting yet: no pulsing "starting…" bar beside "waiting for a worker…".
        <span className="min-w-0 flex-1" data-testid="backup-waiting" />
      ) : (
        <ProgressBar progress={b.progress} label="Backup progress" />
      )}
      {error ? <span className="text-xs text-red-700 dark:text-red-400">{error}</span> : null}
      {canOperate && b.jobId ? (
        <Button size="sm" onClick={cancel} loading={cancelling} data-testid="cancel-backup">
          Cancel
        </Button>
      ) : null}
    </div>
  );
}
