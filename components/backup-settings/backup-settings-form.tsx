/* BackupSettingsForm: the gear screen. Four sections (retention, schedule, destination, copy to) plus the
 * default backup mode, one Save. Every change is checked in the browser with the server's own schema
 * (ZBackupSettings), so a field error shows as you type, in the server's words, and Save sends nothing
 * while one stands. Save → an inline confirmation with Dismiss naming the next run; failure → an inline
 * error with Dismiss and every typed value kept (field errors next to their rows).
 * Unsaved changes are guarded: leaving by a link asks first, closing or reloading the tab asks the browser.
 * Viewers and operators see the settings read-only (the server refuses their saves as well). Each section
 * says when its values come from the environment type's defaults (the Environment types page) and are
 * not set here. */
"use client";
import { useMemo, useState, type ReactNode } from "react";
import { CheckCircle2, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatRunTime } from "@/components/backups/format";
import { sameValues } from "@/components/ui/unsaved-changes";
import { useUnsavedChangesGuard } from "@/components/ui/use-unsaved-changes-guard";
import { CopySection } from "./copy-section";
import { DestinationSection } from "./destination-section";
import { RetentionSection } from "./retention-section";
import { ScheduleSection } from "./schedule-section";
import { TestRestoreSection } from "./test-restore-section";
import { type SettingsField, type TBackupSettingsValues, ZBackupSettings } from "@/lib/backup-settings/schema";
import { InheritedNote } from "./inherited-note";
import { validationMessage, zodFields } from "@/lib/http/zod-fields";
import { Select } from "@/components/ui/input";
import { COMPRESSION_LABELS, COMPRESSION_LEVELS, type TCompression } from "@/lib/backup-settings/compression";
import type {
  CreateDestinationAction,
  DestinationOption,
  PreviewRetentionAction,
  PreviewScheduleAction,
  RetentionPresetOption,
  SaveSettingsAction,
  VerifyDestinationAction,
} from "./types";

type Notice = { kind: "saved"; text: string } | { kind: "error"; text: string } | null;

export function BackupSettingsForm({
  environmentId,
  environmentTimezone,
  initial,
  presets,
  destinations: initialDestinations,
  timezones,
  canEdit,
  cancelHref,
  saveSettings,
  previewRetention,
  previewSchedule,
  verifyDestination,
  createDestination,
  inherited = [],
  environmentType,
}: {
  environmentId: string;
  environmentTimezone: string;
  initial: TBackupSettingsValues;
  presets: RetentionPresetOption[];
  destinations: DestinationOption[];
  timezones: string[];
  canEdit: boolean;
  cancelHref: string;
  saveSettings: SaveSettingsAction;
  previewRetention: PreviewRetentionAction;
  previewSchedule: PreviewScheduleAction;
  verifyDestination: VerifyDestinationAction;
  createDestination: CreateDestinationAction;
  /** The fields the loaded settings inherit (from the type, or destinations from a default). */
  inherited?: SettingsField[];
  environmentType?: string;
}) {
  const [s, setValues] = useState<TBackupSettingsValues>(initial);
  const [saved, setSaved] = useState<TBackupSettingsValues>(initial);
  useUnsavedChangesGuard(
    canEdit && !sameValues(s, saved),
    "Your changes to the backup settings are not saved. Leave this page and lose them?",
  );
  const [destinations, setDestinations] = useState(initialDestinations);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const clientErrors = useMemo(() => {
    const r = ZBackupSettings.safeParse(s);
    return r.success ? {} : zodFields(r.error);
  }, [s]);
  const errors = { ...serverErrors, ...clientErrors };
  const setS = (change: (x: TBackupSettingsValues) => TBackupSettingsValues) => {
    setServerErrors({}); // a server error is about what was sent; the browser's check covers the rest
    setValues(change);
  };

  async function save() {
    if (Object.keys(clientErrors).length) {
      setNotice({ kind: "error", text: validationMessage(clientErrors) });
      return;
    }
    setSaving(true);
    setNotice(null);
    setServerErrors({});
    try {
      const r = await saveSettings({ environmentId, settings: s });
      if (r.ok) {
        setSaved(s);
        const next = r.data.nextRun;
        setNotice({
          kind: "saved",
          text: next
            ? `Backup settings saved. The next backup runs ${formatRunTime(next, s.schedules[0]?.timezone ?? environmentTimezone)}.`
            : "Backup settings saved. No backup is scheduled; backups run only when started by hand.",
        });
      } else {
        setServerErrors(r.error.fields ?? {});
        setNotice({ kind: "error", text: r.error.message });
      }
    } catch {
      setNotice({
        kind: "error",
        text: "Could not reach the Lifeboat server; nothing was saved. Your changes are still here — try again.",
      });
    } finally {
      setSaving(false);
    }
  }

  const disabled = !canEdit || saving;
  // Inherited while the field holds the inherited value (saving another makes it this environment's own).
  const inheritedNow = inherited.filter((f) => sameValues(s[f], initial[f]));
  const note = (fields: SettingsField[]) => (
    <InheritedNote fields={fields.filter((f) => inheritedNow.includes(f))} environmentType={environmentType} />
  );
  return (
    <form
      className="flex flex-col gap-0 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) void save();
      }}
      data-testid="backup-settings-form"
    >
      {!canEdit ? (
        <p className="border-b border-zinc-200 bg-zinc-50 px-5 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400">
          Only admins can change backup settings. You are seeing them read-only.
        </p>
      ) : null}
      <Section title="Data retention policy" hint="How many backups to keep. Older ones are removed after each backup.">
        {note(["retention", "maxManualBackups", "maxBackups"])}
        <RetentionSection
          environmentId={environmentId}
          retention={s.retention}
          schedules={s.schedules}
          maxManualBackups={s.maxManualBackups}
          maxBackups={s.maxBackups}
          onMaxBackupsChange={(maxBackups) => setS((x) => ({ ...x, maxBackups }))}
          presets={presets}
          timeZone={environmentTimezone}
          errors={errors}
          disabled={disabled}
          previewRetention={previewRetention}
          onChange={(retention, maxManualBackups) => setS((x) => ({ ...x, retention, maxManualBackups }))}
        />
      </Section>
      <Section title="Schedule" hint="When backups start on their own. Several rows run independently.">
        {note(["schedules", "live"])}
        <ScheduleSection
          environmentId={environmentId}
          schedules={s.schedules}
          timezones={timezones}
          defaultTimezone={environmentTimezone}
          errors={errors}
          disabled={disabled}
          previewSchedule={previewSchedule}
          onChange={(schedules) => setS((x) => ({ ...x, schedules }))}
        />
        <label className="mt-3 flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <input
            type="checkbox"
            className="size-4 accent-indigo-600"
            checked={s.live}
            disabled={disabled}
            onChange={(e) => setS((x) => ({ ...x, live: e.target.checked }))}
          />
          Scheduled backups run live (the app keeps running). Untick to pause the app with its hooks.
        </label>
      </Section>
      {s.testRestore ? (
        <Section title="Test restores" hint="Restores the newest good backup into scratch targets and checks it.">
          <TestRestoreSection
            value={s.testRestore}
            error={errors["testRestore.intervalDays"]}
            disabled={disabled}
            onChange={(testRestore) => setS((x) => ({ ...x, testRestore }))}
          />
        </Section>
      ) : null}
      <Section title="Compression" hint="How hard restic compresses this environment's new backups.">
        <Select
          aria-label="Compression"
          className="w-auto min-w-72 max-w-full"
          value={s.compression ?? "auto"}
          disabled={disabled}
          onChange={(e) => setS((x) => ({ ...x, compression: e.target.value as TCompression }))}
          data-testid="settings-compression"
        >
          {COMPRESSION_LEVELS.map((c) => (
            <option key={c} value={c}>
              {COMPRESSION_LABELS[c]}
            </option>
          ))}
        </Select>
      </Section>
      <Section title="Destination" hint="Every backup is stored in each ticked destination.">
        {note(["destinationIds"])}
        <DestinationSection
          destinations={destinations}
          selected={s.destinationIds}
          error={errors.destinationIds}
          disabled={disabled}
          canAdd={canEdit}
          verifyDestination={verifyDestination}
          createDestination={createDestination}
          onChange={(destinationIds) => setS((x) => ({ ...x, destinationIds }))}
          onAdded={(d) => {
            setDestinations((list) => [...list, d]);
            setS((x) => ({ ...x, destinationIds: [...x.destinationIds, d.id] }));
          }}
        />
      </Section>
      <Section
        title="Copy to"
        hint="Off-site copies (3-2-1): each good backup is copied to these with restic copy, each keeping its own number of backups."
      >
        <CopySection
          copies={s.copies ?? []}
          destinations={destinations}
          primaryIds={s.destinationIds}
          presets={presets}
          errors={errors}
          disabled={disabled}
          onChange={(copies) => setS((x) => ({ ...x, copies }))}
        />
      </Section>
      {notice ? (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid={notice.kind === "saved" ? "settings-saved" : "settings-error"}
          className={
            notice.kind === "saved"
              ? "mx-5 mt-4 flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/40 dark:text-emerald-200"
              : "mx-5 mt-4 flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
          }
        >
          {notice.kind === "saved" ? (
            <CheckCircle2 className="mt-0.5 size-4 shrink-0" aria-hidden />
          ) : (
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          )}
          <span className="flex-1">{notice.text}</span>
          <Button size="sm" variant="ghost" onClick={() => setNotice(null)} data-testid="notice-dismiss">
            Dismiss
          </Button>
        </div>
      ) : null}
      {canEdit ? (
        <div className="flex justify-end gap-2 px-5 py-4">
          <a
            href={cancelHref}
            className="inline-flex h-8 items-center rounded-md px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            Cancel
          </a>
          <Button type="submit" variant="primary" loading={saving} data-testid="settings-save">
            Save
          </Button>
        </div>
      ) : (
        <div className="h-4" />
      )}
    </form>
  );
}

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <section className="grid grid-cols-1 gap-3 border-b border-zinc-100 px-5 py-5 md:grid-cols-[13rem_1fr] dark:border-zinc-800">
      <div>
        <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>
      </div>
      <div className="min-w-0">{children}</div>
    </section>
  );
}
