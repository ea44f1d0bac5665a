/* The "Test restores" section of the Backup Settings form: on/off and every how many days the newest good
 * backup is test-restored into scratch targets (default weekly for production, monthly otherwise).
 * Rendering only; the form owns the state and checks it with ZBackupSettings. */
"use client";
import type { TTestRestoreSchedule } from "@/lib/proof/test-restore/scratch-schema";

export function TestRestoreSection({
  value,
  error,
  disabled,
  onChange,
}: {
  value: TTestRestoreSchedule;
  error?: string;
  disabled: boolean;
  onChange: (v: TTestRestoreSchedule) => void;
}) {
  return (
    <div className="flex flex-col gap-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="test-restore-settings">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          className="size-4 accent-indigo-600"
          checked={value.enabled}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
          data-testid="test-restore-enabled"
        />
        Test-restore the newest good backup automatically
      </label>
      <label className="flex items-center gap-2">
        every
        <input
          type="number"
          min={1}
          max={365}
          inputMode="numeric"
          aria-label="Days between test restores"
          aria-invalid={error ? true : undefined}
          className="h-8 w-20 rounded-md border border-zinc-300 bg-white px-2 text-right tabular-nums dark:border-zinc-700 dark:bg-zinc-950"
          value={Number.isFinite(value.intervalDays) ? value.intervalDays : ""}
          disabled={disabled || !value.enabled}
          onChange={(e) =>
            onChange({ ...value, intervalDays: e.target.value === "" ? Number.NaN : Number(e.target.value) })
          }
          data-testid="test-restore-interval"
        />
        days
      </label>
      {error ? <p className="text-xs text-red-700 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
