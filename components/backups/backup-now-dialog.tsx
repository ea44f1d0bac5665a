/* "Backup now": a dialog that explains the two modes before starting a manual backup. Live keeps the
 * app running (databases are dumped transactionally, files read as they are); consistent runs the
 * environment's pre/post hooks to pause the app around the backup. Calls the server action given by
 * the page and reports its message inline when it refuses. */
"use client";
import Link from "next/link";
import { useState } from "react";
import { DatabaseBackup } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/http/action-result";

export type StartBackupAction = (input: {
  environmentId: string;
  live: boolean;
}) => Promise<ActionResult<{ id: string; jobId: string }>>;

export function BackupNowDialog({
  environmentId,
  environmentLabel,
  defaultLive,
  hasHooks,
  sourceCount,
  sourcesHref,
  inactive = false,
  startBackup,
  onStarted,
}: {
  environmentId: string;
  environmentLabel: string;
  defaultLive: boolean;
  hasHooks: boolean;
  sourceCount: number;
  sourcesHref: string;
  /** The environment is inactive: the server refuses backups of it, so the dialog says so instead. */
  inactive?: boolean;
  startBackup: StartBackupAction;
  onStarted: (backupId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [live, setLive] = useState(defaultLive);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    try {
      const r = await startBackup({ environmentId, live });
      if (!r.ok) setError(r.error.message);
      else {
        setOpen(false);
        onStarted(r.data.id);
      }
    } catch {
      setError("Could not reach the Lifeboat server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const option = (value: boolean, title: string, body: string) => (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border p-3 text-sm transition-colors",
        live === value
          ? "border-indigo-500 bg-indigo-50/60 dark:border-indigo-400 dark:bg-indigo-500/10"
          : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50",
      )}
    >
      <input
        type="radio"
        name="backup-mode"
        className="mt-0.5 size-4 shrink-0 self-start accent-indigo-600"
        checked={live === value}
        onChange={() => setLive(value)}
        data-testid={value ? "mode-live" : "mode-consistent"}
      />
      <span>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{title}</span>
        <span className="mt-0.5 block text-zinc-600 dark:text-zinc-400">{body}</span>
      </span>
    </label>
  );

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && (setOpen(o), setError(null), o && setLive(defaultLive))}>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="backup-now">
        <DatabaseBackup aria-hidden />
        Backup now
      </Button>
      {inactive ? (
        <DialogContent
          title={`Back up ${environmentLabel} now`}
          description="This environment is inactive: it takes no backups and no restores, and its schedules are paused."
          testId="backup-now-dialog"
        >
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="backup-now-inactive">
            Activate it first (the environment's menu on the project page, Activate); then Backup now backs it up.
          </p>
          <DialogFooter>
            <Button onClick={() => setOpen(false)}>Close</Button>
          </DialogFooter>
        </DialogContent>
      ) : sourceCount === 0 ? (
        <DialogContent
          title={`Back up ${environmentLabel} now`}
          description="There is nothing to back up yet: this environment has no sources."
          testId="backup-now-dialog"
        >
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="backup-now-no-sources">
            Add a database or a folder on the Sources tab first; then Backup now backs it up.
          </p>
          <DialogFooter>
            <Button onClick={() => setOpen(false)}>Close</Button>
            <Link
              href={sourcesHref}
              onClick={() => setOpen(false)}
              className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500"
              data-testid="backup-now-add-source"
            >
              Add a source
            </Link>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent
          title={`Back up ${environmentLabel} now`}
          description="A manual backup of every source in this environment. It does not change the schedule."
          testId="backup-now-dialog"
        >
          <fieldset className="flex flex-col gap-2">
            <legend className="sr-only">Mode</legend>
            {option(
              true,
              "Live",
              "The app keeps running. Databases are dumped in one transaction, so they are consistent; files are read as they are while the app may still write to them.",
            )}
            {option(
              false,
              "Consistent",
              hasHooks
                ? "Runs your pre-backup hook to pause the app (for example maintenance mode), backs up, then runs the post-backup hook. The app is unavailable while files are read."
                : "Would pause the app with pre/post-backup hooks, but none are set for this environment yet, so it runs like a live backup.",
            )}
          </fieldset>
          <div className="mt-3">
            <FormError message={error} />
          </div>
          <DialogFooter>
            <Button onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button variant="primary" onClick={start} loading={pending} data-testid="backup-now-start">
              Start backup
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
