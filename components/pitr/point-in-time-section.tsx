"use client";
/* The Backups tab's "Point in time" section for each PostgreSQL source with PITR on: its recovery window
 * (GET /api/v1/sources/{id}/recovery-window) as a timeline and, for operators, "Restore to a point in
 * time" (./restore-to-time-form.tsx). Renders nothing when the environment has no PITR source. */
import { useEffect, useState } from "react";
import { panelFetch } from "@/components/backups/panel-fetch";
import type { TRecoveryWindow } from "@/lib/pitr/restore/schema";
import { RecoveryTimeline } from "./recovery-timeline";
import { RestoreToTimeForm, type RestoreToTimeAction } from "./restore-to-time-form";

export type PitrSourceDto = { id: string; name: string };

export function PointInTimeSection(props: {
  sources: PitrSourceDto[];
  timeZone: string;
  canOperate: boolean;
  action: RestoreToTimeAction;
}) {
  if (!props.sources.length) return null;
  return (
    <section
      className="mb-6 space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="pitr-section"
    >
      <h2 className="text-base font-semibold">Point in time</h2>
      {props.sources.map((s) => (
        <SourceWindow key={s.id} source={s} {...props} />
      ))}
    </section>
  );
}

function SourceWindow(props: {
  source: PitrSourceDto;
  timeZone: string;
  canOperate: boolean;
  action: RestoreToTimeAction;
}) {
  const [window, setWindow] = useState<TRecoveryWindow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    panelFetch<TRecoveryWindow>(`/api/v1/sources/${props.source.id}/recovery-window`)
      .then(setWindow)
      .catch((e: Error) => setError(e.message));
  }, [props.source.id]);
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-sm font-medium">{props.source.name}</h3>
        {props.canOperate && window?.ranges.length ? (
          <button
            type="button"
            onClick={() => setOpen((o) => !o)}
            className="rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            data-testid="pitr-open"
          >
            Restore to a point in time
          </button>
        ) : null}
      </div>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
      {!window && !error ? <p className="text-sm text-zinc-500">Reading the recovery window…</p> : null}
      {window ? <RecoveryTimeline window={window} timeZone={props.timeZone} /> : null}
      {open && window ? (
        <RestoreToTimeForm
          sourceId={props.source.id}
          sourceName={props.source.name}
          window={window}
          timeZone={props.timeZone}
          action={props.action}
        />
      ) : null}
    </div>
  );
}
