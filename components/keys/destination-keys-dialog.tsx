/* "Keys" of a destination (admins): the repository's keys as restic lists them, the one Lifeboat opens
 * it with marked; Add key (a password the admin chooses, their own password again), Remove (never the
 * last key or Lifeboat's own: the server refuses and says why), Rotate now (a rotate_key job, followed
 * until it ends), the rotation schedule and when Lifeboat's key last changed, and Re-key repository
 * (rekey-section.tsx). Loads when opened. */
"use client";
import { KeyRound, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { DestinationKeysView, KeyRotationView } from "@/lib/keys/schema";
import { AddKeyForm } from "./add-key-form";
import { RekeySection } from "./rekey-section";
import type { KeyActions } from "./key-actions";

const SCHEDULES = [null, 30, 90, 180, 365] as const;
const STEP_WORDS: Record<string, string> = {
  queued: "waiting for a worker",
  pending_stored: "new password stored",
  key_added: "new key added",
  verified: "new key opens the repository",
  stored: "new key in use",
  old_removed: "old key removed",
};

export function DestinationKeysButton({ id, name, actions }: { id: string; name: string; actions: KeyActions }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)} data-testid={`keys-${name}`}>
        <KeyRound aria-hidden /> Keys
      </Button>
      {open ? <KeysDialog id={id} name={name} actions={actions} /> : null}
    </Dialog>
  );
}

function KeysDialog({ id, name, actions }: { id: string; name: string; actions: KeyActions }) {
  const [view, setView] = useState<DestinationKeysView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [rotation, setRotation] = useState<KeyRotationView | null>(null);
  const load = useCallback(async () => {
    const r = await actions.list(id).catch(() => null);
    if (!r) return setError("Could not reach the Lifeboat server. Try again.");
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setView(r.data);
    const latest = r.data.rotation.latest;
    if (latest && ["queued", "running"].includes(latest.status)) setRotation(latest);
  }, [actions, id]);
  useEffect(() => void load(), [load]);

  const activeId = rotation && ["queued", "running"].includes(rotation.status) ? rotation.id : null;
  useEffect(() => {
    if (!activeId) return;
    let stop = false;
    void (async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 1000));
        const r = await actions.rotation(activeId).catch(() => null);
        if (stop || !r?.ok) continue;
        setRotation(r.data);
        if (["queued", "running"].includes(r.data.status)) continue;
        if (r.data.status === "succeeded") toast.success(`${name}: Lifeboat's key was rotated.`);
        else toast.error(`${name}: the rotation ${r.data.status}. ${r.data.error?.message ?? ""}`);
        await load();
        return;
      }
    })();
    return () => {
      stop = true;
    };
  }, [activeId, actions, load, name]);

  async function rotate() {
    const r = await actions.rotate(id);
    if (!r.ok) return toast.error(r.error.message);
    setRotation({ id: r.data.id, status: "queued", step: "queued" } as KeyRotationView);
  }
  async function remove(keyId: string) {
    const r = await actions.remove(id, keyId);
    if (!r.ok) return toast.error(r.error.message);
    toast.success(`Key ${keyId.slice(0, 8)} removed`);
    await load();
  }
  async function schedule(days: number | null) {
    const r = await actions.schedule(id, { rotationDays: days });
    if (!r.ok) return toast.error(r.error.message);
    toast.success(days ? `Lifeboat's key will be rotated every ${days} days` : "Scheduled rotation is off");
    await load();
  }

  const rot = view?.rotation;
  return (
    <DialogContent
      title={`Keys of ${name}`}
      description="Each key is a password that opens this repository. Lifeboat uses one of them; the others are for people you gave one to."
      className="max-w-2xl"
      testId="keys-dialog"
    >
      <div className="flex flex-col gap-4">
        <FormError message={error} />
        {!view && !error ? <p className="text-sm text-zinc-500">Reading the repository's keys…</p> : null}
        {view ? (
          <ul
            className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
            data-testid="keys-list"
          >
            {view.items.map((k) => (
              <li
                key={k.id}
                className="flex items-center gap-3 px-3 py-2 text-sm"
                data-testid={`key-${k.id.slice(0, 8)}`}
                data-current={String(k.current)}
              >
                <span className="font-mono text-xs">{k.id.slice(0, 8)}</span>
                <span className="min-w-0 flex-1 truncate text-zinc-600 dark:text-zinc-300">
                  {k.userName || "—"}@{k.hostName || "—"}
                  <span className="ml-2 text-xs text-zinc-500">
                    added {k.created ? formatDateTime(k.created) : "?"}
                  </span>
                </span>
                {k.current ? (
                  <Badge tone="accent" data-testid="key-current">
                    Lifeboat's key
                  </Badge>
                ) : (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => void remove(k.id)}
                    data-testid={`remove-key-${k.id.slice(0, 8)}`}
                  >
                    <Trash2 aria-hidden /> Remove
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        {adding ? (
          <AddKeyForm
            destinationId={id}
            actions={actions}
            onCancel={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              void load();
            }}
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          {!adding ? (
            <Button size="sm" onClick={() => setAdding(true)} disabled={!view} data-testid="add-key-open">
              <Plus aria-hidden /> Add key
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="primary"
            onClick={rotate}
            loading={!!activeId}
            disabled={!view}
            data-testid="rotate-key"
          >
            {activeId ? (
              "Rotating…"
            ) : (
              <>
                <RefreshCw aria-hidden /> Rotate Lifeboat's key now
              </>
            )}
          </Button>
          {rotation ? (
            <span
              className="text-xs text-zinc-600 dark:text-zinc-300"
              data-testid="rotation-status"
              data-status={rotation.status}
            >
              {rotation.status === "succeeded"
                ? "Rotated: the new key is in use and the old one is removed."
                : rotation.status === "failed"
                  ? `Failed: ${rotation.error?.message ?? "see the job log"}`
                  : `Rotating: ${STEP_WORDS[rotation.step] ?? rotation.step}…`}
            </span>
          ) : null}
        </div>
        {rot ? (
          <div className="flex flex-wrap items-end justify-between gap-3 text-sm">
            <p className="text-zinc-600 dark:text-zinc-300" data-testid="last-rotated">
              Lifeboat's key last rotated:{" "}
              {rot.lastRotatedAt ? formatDateTime(rot.lastRotatedAt) : "never (the key it was created with)"}
            </p>
            <div className="flex flex-col gap-1">
              <Label htmlFor="rotation-days">Rotate automatically</Label>
              <Select
                id="rotation-days"
                value={rot.rotationDays === null ? "" : String(rot.rotationDays)}
                onChange={(e) => void schedule(e.target.value ? Number(e.target.value) : null)}
                data-testid="rotation-days"
              >
                {!SCHEDULES.includes(rot.rotationDays as never) ? (
                  <option value={String(rot.rotationDays)}>every {rot.rotationDays} days</option>
                ) : null}
                {SCHEDULES.map((d) => (
                  <option key={String(d)} value={d === null ? "" : String(d)}>
                    {d === null ? "Off" : `Every ${d} days`}
                  </option>
                ))}
              </Select>
            </div>
          </div>
        ) : null}
        {view ? <RekeySection id={id} name={name} actions={actions} onSwitched={() => void load()} /> : null}
      </div>
    </DialogContent>
  );
}
