/* "Test restore" on a backup row: a dialog with this backup's latest test restore (each source, each
 * check, the restore duration) and, for operators, a button that starts a new one
 * (POST /api/v1/backups/{id}/test-restore with the session) and follows it until it ends. Owns that
 * dialog's React Query state; TestRestoreResult renders. */
"use client";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import type { TestRestoreView } from "@/lib/proof/schema";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { panelFetch } from "./panel-fetch";
import { TestRestoreResult } from "./test-restore-result";

type Page = { items: TestRestoreView[]; nextCursor: string | null };

export function TestRestoreButton(props: {
  backupId: string;
  environmentId: string;
  canOperate: boolean;
  timeZone: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="mr-3 inline-flex items-center gap-1 text-xs font-medium text-zinc-600 hover:underline dark:text-zinc-300"
        data-testid="row-test-restore"
      >
        <FlaskConical className="size-3.5" aria-hidden />
        Test restore
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        {open ? <TestRestorePanel {...props} /> : null}
      </Dialog>
    </>
  );
}

function TestRestorePanel({ backupId, environmentId, canOperate, timeZone }: Parameters<typeof TestRestoreButton>[0]) {
  const [startedId, setStartedId] = useState<string | null>(null);
  const latest = useQuery({
    queryKey: ["test-restores", environmentId],
    queryFn: () => panelFetch<Page>(`/api/v1/environments/${environmentId}/test-restores?limit=50`),
    enabled: !startedId,
  });
  const known = latest.data?.items.find((t) => t.backupId === backupId) ?? null;
  const followId = startedId ?? (known && ["queued", "running"].includes(known.status) ? known.id : null);
  const followed = useQuery({
    queryKey: ["test-restore", followId],
    queryFn: () => panelFetch<TestRestoreView>(`/api/v1/test-restores/${followId}`),
    enabled: !!followId,
    refetchInterval: (q) => (q.state.data && !["queued", "running"].includes(q.state.data.status) ? false : 1500),
  });
  const start = useMutation({
    mutationFn: () =>
      panelFetch<{ id: string; jobId: string }>(`/api/v1/backups/${backupId}/test-restore`, { method: "POST" }),
    onSuccess: (r) => setStartedId(r.id),
  });
  const shown = (followId ? followed.data : null) ?? known;
  const busy = !!shown && ["queued", "running"].includes(shown.status);
  return (
    <DialogContent
      title="Test restore"
      description="Restores this backup into scratch targets — a temporary database per database source, a temporary folder per folder — checks tables, row counts, files and smoke queries against what the backup recorded, then drops them. Live data is never touched."
      className="max-w-2xl"
      testId="test-restore-dialog"
    >
      <div className="max-h-[60vh] overflow-y-auto">
        {shown ? (
          <TestRestoreResult result={shown} timeZone={timeZone} />
        ) : latest.isPending && !startedId ? (
          <p className="text-sm text-zinc-500">Loading…</p>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="test-restore-none">
            This backup has not been test-restored yet.
          </p>
        )}
        {start.error ? <p className="mt-2 text-sm text-red-700 dark:text-red-400">{start.error.message}</p> : null}
        {latest.error ? <p className="mt-2 text-sm text-red-700 dark:text-red-400">{latest.error.message}</p> : null}
      </div>
      <DialogFooter>
        {canOperate ? (
          <Button
            variant="primary"
            onClick={() => start.mutate()}
            disabled={busy || start.isPending}
            data-testid="start-test-restore"
          >
            {busy ? "Testing…" : shown ? "Test again" : "Start test restore"}
          </Button>
        ) : null}
      </DialogFooter>
    </DialogContent>
  );
}
