/* "Re-key repository" in a destination's Keys dialog (admins): restic cannot change a repository's
 * master key, so this makes a new repository next to the old one, copies every snapshot into it, checks
 * it and switches the destination over; the old one is kept N days, then deleted. The section shows where
 * the repository is and a status line (running with its step, switched with the old location and when it
 * is deleted, done, failed); the button opens a confirm dialog that says, in plain words, how much will
 * be copied and how long the old one is kept, and asks for the admin's own password. Follows a running
 * re-key until it switches or fails. */
"use client";
import { Repeat } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { toast } from "@/components/ui/toast";
import { type DestinationRekeyState, REKEY_KEEP_DAYS_DEFAULT } from "@/lib/keys/rekey/schema";
import type { KeyActions } from "./key-actions";

const STEP_WORDS: Record<string, string> = {
  queued: "waiting for a worker",
  prepared: "reading the old repository",
  initialized: "new repository created, copying snapshots",
  copied: "snapshots copied, checking every byte of the new repository",
  checked: "new repository checked, comparing the snapshot lists",
  compared: "switching to the new repository",
};

export function RekeySection({
  id,
  name,
  actions,
  onSwitched,
}: {
  id: string;
  name: string;
  actions: KeyActions;
  /** the repository changed (its keys and "last rotated" with it): the dialog reloads */
  onSwitched: () => void;
}) {
  const [state, setState] = useState<DestinationRekeyState | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(async () => {
    const r = await actions.rekeyState(id).catch(() => null);
    if (r?.ok) setState(r.data);
    return r?.ok ? r.data : null;
  }, [actions, id]);
  useEffect(() => void load(), [load]);

  const running = state?.state === "running";
  useEffect(() => {
    if (!running) return;
    let stop = false;
    void (async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 1000));
        const s = await load();
        if (stop || !s || s.state === "running") continue;
        if (s.state === "switched") {
          toast.success(`${name}: re-keyed; the new repository is in use.`);
          onSwitched();
        } else if (s.state === "failed") toast.error(`${name}: the re-key failed. ${s.latest?.error?.message ?? ""}`);
        return;
      }
    })();
    return () => {
      stop = true;
    };
  }, [running, load, name, onSwitched]);

  return (
    <div
      className="flex flex-col gap-2 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800"
      data-testid="rekey-section"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="min-w-0 text-zinc-600 dark:text-zinc-300">
          Repository: <span className="break-all font-mono text-xs">{state?.location ?? "…"}</span>
        </p>
        <Button
          size="sm"
          onClick={() => setOpen(true)}
          disabled={!state || running}
          loading={running}
          data-testid="rekey-open"
        >
          {running ? (
            "Re-keying…"
          ) : (
            <>
              <Repeat aria-hidden /> Re-key repository
            </>
          )}
        </Button>
      </div>
      {state ? <RekeyStatus state={state} /> : null}
      {state ? (
        <RekeyDialog
          open={open}
          onOpenChange={setOpen}
          id={id}
          name={name}
          state={state}
          actions={actions}
          onStarted={() => void load()}
        />
      ) : null}
    </div>
  );
}

function RekeyStatus({ state }: { state: DestinationRekeyState }) {
  const l = state.latest;
  if (state.state === "none" || !l) return null;
  const text =
    state.state === "running"
      ? `Re-keying: ${STEP_WORDS[l.step] ?? l.step}…`
      : state.state === "switched"
        ? `Re-keyed ${l.switchedAt ? formatDateTime(l.switchedAt) : ""}: ${l.snapshotsCopied ?? 0} snapshot(s) copied into the new repository, which is in use now. The old one (${state.oldLocation}) is kept until ${state.deleteAfter ? formatDateTime(state.deleteAfter) : "?"}, then deleted.`
        : state.state === "done"
          ? `Re-keyed ${l.switchedAt ? formatDateTime(l.switchedAt) : ""}; the old repository was deleted ${l.finishedAt ? formatDateTime(l.finishedAt) : ""}.`
          : `The last re-key failed: ${l.error?.message ?? "see the job log"}. The destination still uses its repository.`;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="rekey-status" data-state={state.state}>
      {text}
    </p>
  );
}

function RekeyDialog({
  open,
  onOpenChange,
  id,
  name,
  state,
  actions,
  onStarted,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  id: string;
  name: string;
  state: DestinationRekeyState;
  actions: KeyActions;
  onStarted: () => void;
}) {
  const [days, setDays] = useState(String(REKEY_KEEP_DAYS_DEFAULT));
  const [adminPassword, setAdminPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [location, setLocation] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const keep = Number(days) || REKEY_KEEP_DAYS_DEFAULT;

  async function submit() {
    setPending(true);
    setError(null);
    const r = await actions
      .rekey(id, {
        adminPassword,
        keepOldDays: Number(days),
        ...(newPassword ? { password: newPassword } : {}),
        ...(location.trim() ? { location: location.trim() } : {}),
      })
      .catch(() => null);
    setPending(false);
    setAdminPassword("");
    if (!r) return setError("Could not reach the Lifeboat server. Try again.");
    if (!r.ok) {
      setFields(r.error.fields ?? {});
      return setError(r.error.message);
    }
    setNewPassword("");
    onOpenChange(false);
    toast.success(`${name}: re-key started`);
    onStarted();
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && onOpenChange(o)}>
      <DialogContent title={`Re-key the repository of ${name}?`} testId="rekey-dialog" className="max-w-lg">
        <form
          className="flex flex-col gap-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <ul className="list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-200" data-testid="rekey-explain">
            <li>
              A new repository with a new master key is created{" "}
              {location.trim() ? (
                <>
                  at <span className="break-all font-mono text-xs">{location.trim()}</span>
                </>
              ) : (
                "next to the old one"
              )}
              , and all <strong>{state.snapshotCount ?? 0} snapshot(s)</strong> (about{" "}
              <strong>{formatBytes(state.repositoryBytes ?? 0)}</strong>) are copied into it, then every byte of it is
              read back and checked.
            </li>
            <li>Only then does this destination switch to the new repository. Until that moment nothing changes.</li>
            <li>
              Backups, retention and checks of this destination wait while it runs. The recovery kit changes: print the
              new one afterwards.
            </li>
            <li>
              The old repository is kept for <strong>{keep} day(s)</strong>, then deleted.
            </li>
          </ul>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              id="rekey-days"
              label="Keep the old repository (days)"
              type="number"
              min={1}
              max={90}
              value={days}
              error={fields.keepOldDays}
              hint="1 to 90 days."
              onChange={(e) => setDays(e.target.value)}
              data-testid="rekey-days"
            />
            <TextField
              id="rekey-admin-password"
              label="Your password"
              type="password"
              autoComplete="current-password"
              value={adminPassword}
              error={fields.adminPassword}
              hint="Recorded in the audit log."
              onChange={(e) => setAdminPassword(e.target.value)}
              data-testid="rekey-admin-password"
            />
          </div>
          <details
            className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
            open={Boolean(newPassword || location || fields.password || fields.location)}
          >
            <summary
              className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400"
              data-testid="rekey-options"
            >
              New repository's password and location (optional)
            </summary>
            <div className="mt-2 grid gap-3">
              <TextField
                id="rekey-new-password"
                label="New repository password"
                type="password"
                autoComplete="new-password"
                value={newPassword}
                error={fields.password}
                hint="Empty: Lifeboat generates a strong one. Either way it is in the new recovery kit."
                onChange={(e) => setNewPassword(e.target.value)}
                data-testid="rekey-new-password"
              />
              <TextField
                id="rekey-location"
                label="New location"
                value={location}
                error={fields.location}
                placeholder={`${state.location ?? ""}-rekey-<date>`}
                hint="A folder (local, SFTP), a prefix (S3) or a URL (REST) on the same storage. Empty: next to the old one."
                onChange={(e) => setLocation(e.target.value)}
                data-testid="rekey-location"
              />
            </div>
          </details>
          <FormError message={error} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)} data-testid="rekey-cancel">
              Cancel
            </Button>
            <Button
              type="submit"
              variant="primary"
              loading={pending}
              disabled={!adminPassword}
              data-testid="rekey-submit"
            >
              Re-key repository
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
