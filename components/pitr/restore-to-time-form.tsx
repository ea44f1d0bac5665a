"use client";
/* "Restore to a point in time": a date and time in the environment's timezone to the second, or
 * "latest", the preview of what it will do (from the window), then the restore started through the server
 * action and followed until it ends ("Replayed to 14:03:27"). The database is replaced after a safety
 * backup (forced for production by the server). */
import { useEffect, useMemo, useState } from "react";
import type { ActionResult } from "@/lib/http";
import type { TRecoveryWindow, TRestoreToTimeBody } from "@/lib/pitr/restore/schema";
import { clockTime, isoLocal, previewRestoreTime, zonedToIso } from "@/lib/pitr/restore/zoned-time";
import { panelFetch } from "@/components/backups/panel-fetch";

export type RestoreToTimeAction = (input: {
  sourceId: string;
  body: TRestoreToTimeBody;
}) => Promise<ActionResult<{ id: string; jobId: string }>>;

type RestoreState = { status: string; recoveredTo?: string | null; error?: { message: string } };

export function RestoreToTimeForm(props: {
  sourceId: string;
  sourceName: string;
  window: TRecoveryWindow;
  timeZone: string;
  action: RestoreToTimeAction;
}) {
  const { window: w, timeZone } = props;
  const newest = w.ranges[w.ranges.length - 1]?.to;
  const [latest, setLatest] = useState(false);
  const [local, setLocal] = useState(() => (newest ? isoLocal(newest, timeZone) : ""));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [restoreId, setRestoreId] = useState<string | null>(null);
  const [state, setState] = useState<RestoreState | null>(null);
  const time = latest ? "latest" : zonedToIso(local, timeZone);
  const preview = useMemo(
    () => (time ? previewRestoreTime(w, time, timeZone) : { ok: false, sentence: "Enter a date and time." }),
    [w, time, timeZone],
  );
  useEffect(() => {
    if (!restoreId) return;
    let stop = false;
    const tick = async () => {
      const r = await panelFetch<RestoreState>(`/api/v1/restores/${restoreId}`).catch(() => null);
      if (stop) return;
      if (r) setState(r);
      if (!r || r.status === "queued" || r.status === "running") setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [restoreId]);

  async function submit() {
    if (!time) return;
    setBusy(true);
    setError(null);
    const res = await props.action({ sourceId: props.sourceId, body: { time } });
    setBusy(false);
    if (res.ok) setRestoreId(res.data.id);
    else setError(res.error.message);
  }

  return (
    <div className="space-y-3" data-testid="pitr-restore-form">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-xs text-zinc-500">Date and time ({timeZone})</span>
          <input
            type="datetime-local"
            step={1}
            value={local}
            disabled={latest}
            onChange={(e) => setLocal(e.target.value.length === 16 ? `${e.target.value}:00` : e.target.value)}
            className="rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="pitr-time"
          />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={latest}
            onChange={(e) => setLatest(e.target.checked)}
            data-testid="pitr-latest"
          />
          Latest
        </label>
      </div>
      <p
        className={`text-sm ${preview.ok ? "text-zinc-700 dark:text-zinc-300" : "text-red-700 dark:text-red-400"}`}
        data-testid="pitr-preview"
      >
        {preview.sentence}
      </p>
      <p className="text-xs text-zinc-500">
        The database of <b>{props.sourceName}</b> is replaced by its state at that time; a safety backup is taken first.
      </p>
      <button
        type="button"
        disabled={!preview.ok || busy || (!!restoreId && state?.status !== "failed")}
        onClick={submit}
        className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        data-testid="pitr-restore-submit"
      >
        {busy ? "Starting…" : "Restore to this time"}
      </button>
      {error ? (
        <p className="text-sm text-red-700 dark:text-red-400" data-testid="pitr-error">
          {error}
        </p>
      ) : null}
      {state ? <RestoreOutcome state={state} timeZone={timeZone} /> : null}
    </div>
  );
}

function RestoreOutcome({ state, timeZone }: { state: RestoreState; timeZone: string }) {
  if (state.status === "queued" || state.status === "running") {
    return (
      <p className="text-sm text-zinc-600" data-testid="pitr-result">
        Restoring… (fetching the base backup and WAL, replaying)
      </p>
    );
  }
  if (state.status === "succeeded") {
    return (
      <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="pitr-result">
        Restored. Replayed to {state.recoveredTo ? clockTime(state.recoveredTo, timeZone) : "the base backup"}, the last
        commit before your time.
      </p>
    );
  }
  return (
    <p className="text-sm text-red-700 dark:text-red-400" data-testid="pitr-result">
      The restore {state.status}: {state.error?.message ?? "no reason given"}
    </p>
  );
}
