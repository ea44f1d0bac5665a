/* Data retention policy of Backup Settings: a dropdown of presets ("Keep all", "Keep the N most recent"
 * with its N, the GFS ones) and "Custom" with the GFS fields
 * (keep last / hourly / daily / weekly / monthly / yearly / within), the cap on manual backups, and a
 * live preview of what the policy would remove from this environment's existing backups, computed by the
 * server (the same code the retention job runs), and a warning when the schedules cannot fill the policy
 * as it reads (lib/retention/policy-warnings.ts, computed here as you type). */
"use client";
import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatBytes, formatShortDate } from "@/components/backups/format";
import { DEFAULT_KEEP_LAST, resolvePolicy } from "@/lib/retention/policy";
import { retentionPolicyWarnings } from "@/lib/retention/policy-warnings";
import type { RetentionPolicy, StoredRetention } from "@/lib/retention/schema";
import type { TSchedule } from "@/lib/schedules/schema";
import type { PreviewRetentionAction, RetentionPresetOption } from "./types";

type CountField = Exclude<keyof RetentionPolicy, "keepWithin" | "keepTags">;
const GFS_FIELDS: { key: CountField; label: string; hint: string }[] = [
  { key: "keepLast", label: "Last", hint: "most recent backups" },
  { key: "keepHourly", label: "Hourly", hint: "one per hour" },
  { key: "keepDaily", label: "Daily", hint: "one per day" },
  { key: "keepWeekly", label: "Weekly", hint: "one per week" },
  { key: "keepMonthly", label: "Monthly", hint: "one per month" },
  { key: "keepYearly", label: "Yearly", hint: "one per year" },
];

export function isPreset(r: StoredRetention): r is Extract<StoredRetention, { preset: string }> {
  return typeof (r as { preset?: unknown }).preset === "string";
}

export function RetentionSection({
  environmentId,
  retention,
  schedules,
  maxManualBackups,
  maxBackups,
  presets,
  timeZone,
  errors,
  disabled,
  previewRetention,
  onChange,
  onMaxBackupsChange,
}: {
  /** The environment whose backups the preview decides on; none (a type's defaults): no preview. */
  environmentId?: string;
  retention: StoredRetention;
  /** The schedules as the form has them now (they decide how many backups the policy can keep). */
  schedules: TSchedule[];
  maxManualBackups: number;
  /** Manual + automated kept in total (0: no limit); shown when onMaxBackupsChange is given. */
  maxBackups?: number;
  presets: RetentionPresetOption[];
  timeZone: string;
  errors: Record<string, string>;
  disabled: boolean;
  previewRetention?: PreviewRetentionAction;
  onChange: (r: StoredRetention, maxManual: number) => void;
  onMaxBackupsChange?: (n: number) => void;
}) {
  const selected = isPreset(retention) ? retention.preset : "custom";
  const custom: RetentionPolicy = isPreset(retention)
    ? retention.preset === "keep-last"
      ? { keepLast: resolvePolicy(retention).keepLast }
      : (presets.find((p) => p.key === retention.preset)?.policy ?? {})
    : retention;
  const keepLastCount = isPreset(retention) && retention.preset === "keep-last" ? resolvePolicy(retention).keepLast : 0;
  const [debounced, setDebounced] = useState({ retention, maxManualBackups, maxBackups });
  useEffect(() => {
    const t = setTimeout(() => setDebounced({ retention, maxManualBackups, maxBackups }), 300);
    return () => clearTimeout(t);
  }, [retention, maxManualBackups, maxBackups]);
  const [showWhich, setShowWhich] = useState(false);
  const [debouncedSchedules, setDebouncedSchedules] = useState(schedules);
  useEffect(() => {
    const t = setTimeout(() => setDebouncedSchedules(schedules), 300);
    return () => clearTimeout(t);
  }, [schedules]);
  const warnings = useMemo(
    () => retentionPolicyWarnings(resolvePolicy(debounced.retention), debouncedSchedules, new Date()),
    [debounced.retention, debouncedSchedules],
  );

  // The browser already knows a candidate the server would refuse (the form's ZBackupSettings errors).
  const invalid = Object.keys(errors).some(
    (k) => k.startsWith("retention") || k === "maxManualBackups" || k === "maxBackups",
  );
  const preview = useQuery({
    enabled: !invalid && Boolean(previewRetention && environmentId),
    queryKey: ["retention-preview", environmentId, JSON.stringify(debounced)],
    queryFn: async () => {
      const r = await previewRetention!({ environmentId: environmentId!, ...debounced });
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    },
    placeholderData: (prev) => prev,
    retry: false,
  });

  function setField(key: CountField | "keepWithin", raw: string) {
    const next: RetentionPolicy = { ...custom };
    if (key === "keepWithin") {
      if (raw.trim()) next.keepWithin = raw.trim();
      else delete next.keepWithin;
    } else {
      const n = raw === "" ? undefined : Math.max(0, Math.floor(Number(raw)));
      if (n === undefined || Number.isNaN(n)) delete next[key];
      else (next as Record<string, number>)[key] = n;
    }
    onChange(next, maxManualBackups);
  }

  const p = preview.data;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <Label htmlFor="retention-preset">Keep</Label>
          <Select
            id="retention-preset"
            data-testid="retention-preset"
            className="w-auto min-w-72 max-w-full"
            value={selected}
            disabled={disabled}
            onChange={(e) =>
              onChange(
                e.target.value === "custom"
                  ? { ...custom }
                  : e.target.value === "keep-last"
                    ? { preset: "keep-last", count: custom.keepLast || DEFAULT_KEEP_LAST }
                    : ({ preset: e.target.value } as StoredRetention),
                maxManualBackups,
              )
            }
          >
            {presets.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </Select>
        </div>
        {selected === "keep-last" ? (
          <div className="flex flex-col gap-1">
            <Label htmlFor="keep-last-count">N (most recent)</Label>
            <Input
              id="keep-last-count"
              data-testid="keep-last-count"
              type="number"
              min={1}
              className="w-24 text-right tabular-nums"
              value={keepLastCount || ""}
              disabled={disabled}
              invalid={Boolean(errors["retention.count"])}
              onChange={(e) =>
                onChange(
                  { preset: "keep-last", count: Math.max(0, Math.floor(Number(e.target.value) || 0)) },
                  maxManualBackups,
                )
              }
            />
          </div>
        ) : null}
        <div className="flex flex-col gap-1">
          <Label htmlFor="max-manual">Manual backups kept</Label>
          <Input
            id="max-manual"
            type="number"
            min={0}
            className="w-24 text-right tabular-nums"
            value={maxManualBackups}
            disabled={disabled}
            invalid={Boolean(errors.maxManualBackups)}
            onChange={(e) => onChange(retention, Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </div>
        {onMaxBackupsChange ? (
          <div className="flex flex-col gap-1">
            <Label htmlFor="max-backups" title="Manual and automated together; the oldest automated go first">
              Backups kept in total
            </Label>
            <Input
              id="max-backups"
              data-testid="max-backups"
              type="number"
              min={0}
              placeholder="no limit"
              className="w-28 text-right tabular-nums"
              value={maxBackups || ""}
              disabled={disabled}
              invalid={Boolean(errors.maxBackups)}
              onChange={(e) => onMaxBackupsChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            />
          </div>
        ) : null}
      </div>
      {selected !== "custom" ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {selected === "keep-all"
            ? "Never removes a backup — not even failed runs or manual backups over the cap. The repository only grows: watch its size."
            : selected === "keep-last"
              ? `Keeps the ${keepLastCount || "N"} most recent scheduled backups (manual backups by their own cap below).`
              : presets.find((x) => x.key === selected)?.description}
        </p>
      ) : (
        <div className="grid grid-cols-3 gap-3 sm:grid-cols-7" data-testid="retention-custom">
          {GFS_FIELDS.map((f) => (
            <div key={f.key} className="flex flex-col gap-1">
              <Label htmlFor={`gfs-${f.key}`} title={f.hint}>
                {f.label}
              </Label>
              <Input
                id={`gfs-${f.key}`}
                data-testid={`gfs-${f.key}`}
                type="number"
                min={0}
                className="text-right tabular-nums"
                disabled={disabled}
                value={(custom[f.key] as number | undefined) ?? ""}
                placeholder="0"
                invalid={Boolean(errors[`retention.${f.key}`])}
                onChange={(e) => setField(f.key, e.target.value)}
              />
            </div>
          ))}
          <div className="flex flex-col gap-1">
            <Label htmlFor="gfs-keepWithin" title="keep everything newer than this, e.g. 2d, 12h, 1y2m">
              Within
            </Label>
            <Input
              id="gfs-keepWithin"
              data-testid="gfs-keepWithin"
              className="font-mono"
              placeholder="2d"
              disabled={disabled}
              value={custom.keepWithin ?? ""}
              invalid={Boolean(errors["retention.keepWithin"])}
              onChange={(e) => setField("keepWithin", e.target.value)}
            />
          </div>
        </div>
      )}
      {Object.entries(errors)
        .filter(([k]) => k.startsWith("retention") || k === "maxManualBackups" || k === "maxBackups")
        .map(([k, m]) => (
          <p key={k} role="alert" className="text-xs text-red-600 dark:text-red-400">
            {m}
          </p>
        ))}
      {warnings.map((w) => (
        <p
          key={w}
          data-testid="retention-warning"
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
        >
          {w}
        </p>
      ))}
      <div className="text-xs" data-testid="retention-preview" aria-live="polite">
        {!previewRetention ? (
          <p className="text-zinc-500">Each environment of this type previews its own backups on its settings page.</p>
        ) : preview.isError ? (
          <p className="text-amber-700 dark:text-amber-400">{preview.error.message}</p>
        ) : !p ? (
          <p className="text-zinc-400">Checking your backups…</p>
        ) : p.total === 0 ? (
          <p className="text-zinc-500">There are no backups yet, so nothing would be removed.</p>
        ) : (
          <div className={preview.isFetching ? "opacity-60" : ""}>
            <p className={p.remove.length ? "text-amber-800 dark:text-amber-300" : "text-zinc-600 dark:text-zinc-400"}>
              With this policy {p.remove.length} of your {p.total} backups would be removed.
              {p.remove.length ? (
                <button
                  type="button"
                  className="ml-2 font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                  onClick={() => setShowWhich((v) => !v)}
                  aria-expanded={showWhich}
                >
                  {showWhich ? "hide" : "show which"}
                </button>
              ) : null}
            </p>
            {showWhich && p.remove.length ? (
              <ul
                className="mt-1 max-h-40 overflow-auto rounded border border-zinc-200 bg-zinc-50 px-3 py-1.5 dark:border-zinc-800 dark:bg-zinc-950"
                data-testid="retention-remove-list"
              >
                {p.remove.map((b) => (
                  <li key={b.id} className="flex justify-between gap-6 py-0.5 text-zinc-700 dark:text-zinc-300">
                    <span>
                      {formatShortDate(b.createdAt, timeZone)} · {b.trigger}
                    </span>
                    <span className="tabular-nums text-zinc-500">{formatBytes(b.totalBytes)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}
