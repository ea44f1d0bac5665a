/* Schedule rows of Backup Settings: each row is a cron expression and a time zone, checked as you type in
 * the browser by the server's own check (the form's ZBackupSettings errors, lib/schedules/cron-check.ts):
 * an invalid row shows what is wrong at once and sends nothing. A valid row asks the page's
 * previewSchedule action (debounced) for the expression in words and the next five runs. */
"use client";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { formatRunTime } from "@/components/backups/format";
import { CronHelp } from "./cron-help";
import { ZSchedule, type TSchedule } from "@/lib/schedules/schema";
import type { PreviewScheduleAction } from "./types";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function ScheduleSection({
  environmentId,
  schedules,
  timezones,
  defaultTimezone,
  errors,
  disabled,
  previewSchedule,
  onChange,
  previewZone,
}: {
  environmentId: string;
  schedules: TSchedule[];
  timezones: string[];
  defaultTimezone: string;
  errors: Record<string, string>;
  disabled: boolean;
  previewSchedule: PreviewScheduleAction;
  onChange: (next: TSchedule[]) => void;
  /** The real zone a row's choice previews in (a type's "each environment's zone" row: an example). */
  previewZone?: (tz: string) => string;
}) {
  return (
    <div className="flex flex-col gap-3">
      {schedules.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-schedules">
          No schedule: backups run only when someone starts one.
        </p>
      ) : null}
      {schedules.map((s, i) => (
        <ScheduleRow
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are fully controlled by props (no input state of their own)
          key={i}
          index={i}
          environmentId={environmentId}
          schedule={s}
          timezones={timezones}
          error={errors[`schedules.${i}.cron`] ?? errors[`schedules.${i}.timezone`] ?? errors[`schedules.${i}`]}
          disabled={disabled}
          previewSchedule={previewSchedule}
          previewZone={previewZone}
          onChange={(next) => onChange(schedules.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(schedules.filter((_, j) => j !== i))}
        />
      ))}
      {!disabled ? (
        <div>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onChange([...schedules, { cron: "0 2 * * *", timezone: defaultTimezone }])}
            data-testid="add-schedule"
          >
            <Plus aria-hidden /> Add schedule
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function ScheduleRow({
  index,
  environmentId,
  schedule,
  timezones,
  error: formError,
  disabled,
  previewSchedule,
  previewZone,
  onChange,
  onRemove,
}: {
  index: number;
  environmentId: string;
  schedule: TSchedule;
  timezones: string[];
  /** The browser's check of this row (or the server's answer to the last save). */
  error?: string;
  disabled: boolean;
  previewSchedule: PreviewScheduleAction;
  previewZone?: (tz: string) => string;
  onChange: (s: TSchedule) => void;
  onRemove: () => void;
}) {
  const typed = useDebounced(schedule, 250);
  const debounced = previewZone ? { ...typed, timezone: previewZone(typed.timezone) } : typed;
  const preview = useQuery({
    // Only expressions the browser's check accepts go to the server.
    enabled: !formError && ZSchedule.safeParse(debounced).success,
    queryKey: ["schedule-preview", environmentId, debounced.cron, debounced.timezone],
    queryFn: async () => {
      const r = await previewSchedule({ environmentId, cron: debounced.cron, timezone: debounced.timezone });
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    },
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
  const p = preview.data;
  const stale = typed.cron !== schedule.cron || typed.timezone !== schedule.timezone || preview.isFetching;
  const error = formError ?? (!stale && p && !p.ok ? p.message : undefined);
  const id = `schedule-${index}`;
  const tzList = timezones.includes(schedule.timezone) ? timezones : [schedule.timezone, ...timezones];
  return (
    <div className="flex flex-col gap-1" data-testid="schedule-row">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-cron`} className="sr-only">
          Cron expression {index + 1}
        </label>
        <Input
          id={`${id}-cron`}
          data-testid="schedule-cron"
          className="w-48 font-mono"
          value={schedule.cron}
          invalid={Boolean(error)}
          aria-describedby={`${id}-info`}
          spellCheck={false}
          autoComplete="off"
          disabled={disabled}
          onChange={(e) => onChange({ ...schedule, cron: e.target.value })}
        />
        <label htmlFor={`${id}-tz`} className="sr-only">
          Time zone {index + 1}
        </label>
        <Select
          id={`${id}-tz`}
          data-testid="schedule-timezone"
          className="w-56"
          value={schedule.timezone}
          disabled={disabled}
          onChange={(e) => onChange({ ...schedule, timezone: e.target.value })}
        >
          {tzList.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replaceAll("_", " ")}
            </option>
          ))}
        </Select>
        <CronHelp />
        {!disabled ? (
          <Button
            size="icon"
            variant="ghost"
            aria-label={`Remove schedule ${index + 1}`}
            onClick={onRemove}
            data-testid="remove-schedule"
          >
            <Trash2 aria-hidden />
          </Button>
        ) : null}
      </div>
      <div id={`${id}-info`} className="min-h-9 text-xs" aria-live="polite">
        {error ? (
          <p role="alert" className="text-red-600 dark:text-red-400" data-testid="schedule-error">
            {error}
          </p>
        ) : p && p.ok ? (
          <div className={stale ? "opacity-60" : ""}>
            <p className="text-zinc-800 dark:text-zinc-200" data-testid="schedule-words">
              “{p.words}”
            </p>
            <p className="mt-0.5 text-zinc-500 dark:text-zinc-400" data-testid="schedule-next-runs">
              next: {p.nextRuns.map((r) => formatRunTime(r, debounced.timezone)).join(" · ")}
            </p>
          </div>
        ) : preview.isError ? (
          <p className="text-amber-700 dark:text-amber-400">Could not check this expression: {preview.error.message}</p>
        ) : (
          <p className="text-zinc-400">Checking…</p>
        )}
      </div>
    </div>
  );
}
