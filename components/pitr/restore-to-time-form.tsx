"use client";
/* "Restore to a point in time": a date and time in the environment's timezone to the second, or
 * "latest", the preview of what it will do (from the window), what comes out — the database replaced
 * (after a safety backup, forced for production by the server), one table copied into a new name, or the
 * whole cluster at that time as a tar to download — then the restore started through the server action
 * and followed until it ends ("Replayed to 14:03:27", or the download link). */
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
type Output = "database" | "table" | "cluster";
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

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
  const [output, setOutput] = useState<Output>("database");
  const [table, setTable] = useState("");
  const [newTable, setNewTable] = useState("");
  const time = latest ? "latest" : zonedToIso(local, timeZone);
  const suffix = (latest ? "latest" : local.slice(11, 16).replace(":", "")) || "copy";
  const newName = newTable || (table ? `${table}_restored_${suffix}` : "");
  const tableOk = output !== "table" || (IDENT.test(table) && IDENT.test(newName));
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
    const body: TRestoreToTimeBody =
      output === "table"
        ? { time, output, table, newTable: newName }
        : output === "cluster"
          ? { time, output }
          : { time };
    const res = await props.action({ sourceId: props.sourceId, body });
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
      <fieldset className="space-y-1.5" data-testid="pitr-output">
        <legend className="mb-1 text-xs text-zinc-500">What to restore</legend>
        <OutputChoice value="database" current={output} onChange={setOutput} label="Replace the database">
          The database of <b>{props.sourceName}</b> is replaced by its state at that time; a safety backup is taken
          first.
        </OutputChoice>
        <OutputChoice value="table" current={output} onChange={setOutput} label="One table, into a new table name">
          Only that table is copied, under the new name; nothing else in the database is touched.
        </OutputChoice>
        {output === "table" ? (
          <div className="flex flex-wrap gap-3 pl-6">
            <label className="text-sm">
              <span className="block text-xs text-zinc-500">Table</span>
              <input
                value={table}
                onChange={(e) => setTable(e.target.value.trim())}
                placeholder="orders"
                className="w-44 rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
                data-testid="pitr-table"
              />
            </label>
            <label className="text-sm">
              <span className="block text-xs text-zinc-500">New table name</span>
              <input
                value={newName}
                onChange={(e) => setNewTable(e.target.value.trim())}
                placeholder="orders_restored_1403"
                className="w-60 rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
                data-testid="pitr-new-table"
              />
            </label>
          </div>
        ) : null}
        <OutputChoice
          value="cluster"
          current={output}
          onChange={setOutput}
          label="Download the whole cluster at that time"
        >
          Nothing is restored: the recovered cluster (every database) is stopped cleanly and offered as a tar of its
          data directory, ready to start with PostgreSQL of the same major version. Kept 24 hours or until downloaded.
        </OutputChoice>
      </fieldset>
      <button
        type="button"
        disabled={!preview.ok || !tableOk || busy || (!!restoreId && state?.status !== "failed")}
        onClick={submit}
        className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        data-testid="pitr-restore-submit"
      >
        {busy ? "Starting…" : output === "cluster" ? "Prepare the download" : "Restore to this time"}
      </button>
      {error ? (
        <p className="text-sm text-red-700 dark:text-red-400" data-testid="pitr-error">
          {error}
        </p>
      ) : null}
      {state && restoreId ? (
        <RestoreOutcome state={state} timeZone={timeZone} restoreId={restoreId} output={output} />
      ) : null}
    </div>
  );
}

function OutputChoice(props: {
  value: Output;
  current: Output;
  onChange: (v: Output) => void;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="radio"
        name="pitr-output"
        className="mt-1"
        checked={props.current === props.value}
        onChange={() => props.onChange(props.value)}
        data-testid={`pitr-output-${props.value}`}
      />
      <span>
        <span className="font-medium">{props.label}</span>
        {props.current === props.value ? <span className="block text-xs text-zinc-500">{props.children}</span> : null}
      </span>
    </label>
  );
}

function RestoreOutcome({
  state,
  timeZone,
  restoreId,
  output,
}: {
  state: RestoreState;
  timeZone: string;
  restoreId: string;
  output: Output;
}) {
  if (state.status === "succeeded" && output === "cluster") {
    return (
      <div className="space-y-1 text-sm" data-testid="pitr-result">
        <p className="text-emerald-700 dark:text-emerald-400">
          Ready. Replayed to {state.recoveredTo ? clockTime(state.recoveredTo, timeZone) : "the base backup"}, the last
          commit before your time.
        </p>
        <a
          href={`/api/v1/restores/${restoreId}/download`}
          className="inline-block rounded border border-indigo-600 px-3 py-1.5 font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
          data-testid="pitr-cluster-download"
        >
          Download the cluster (.tar)
        </a>
        <p className="text-xs text-zinc-500">
          Unpack into an empty folder owned by postgres and start it with <code>pg_ctl -D &lt;folder&gt; start</code>.
          Its configuration is the source&apos;s own: check the port and archive_command first. Removed once downloaded.
        </p>
      </div>
    );
  }
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
