/* TypePolicyForm: one environment type's backup defaults on the Environment types page, with the gear
 * screen's own pieces (RetentionSection, ScheduleSection): retention, manual and total caps, schedules,
 * live or consistent. A schedule row may run in "each environment's time zone" (stored without one).
 * Checked as you type with the server's schema (ZTypePolicy); one Save; the Platform.sh list the
 * settings amount to is shown when there is one. Non-admins see it read-only. */
"use client";
import { useMemo, useState } from "react";
import { CheckCircle2, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { RetentionSection } from "@/components/backup-settings/retention-section";
import { ScheduleSection } from "@/components/backup-settings/schedule-section";
import type { PreviewScheduleAction, RetentionPresetOption } from "@/components/backup-settings/types";
import { Button } from "@/components/ui/button";
import { sameValues } from "@/components/ui/unsaved-changes";
import { toIntervalPolicy } from "@/lib/backup-settings/interval-policy";
import { ZTypePolicy } from "@/lib/backup-settings/type-policy-schema";
import type { ActionResult } from "@/lib/http/action-result";
import { validationMessage, zodFields } from "@/lib/http/zod-fields";
import type { StoredRetention } from "@/lib/retention/schema";
import type { TSchedule } from "@/lib/schedules/schema";

/** The time-zone choice that stores a schedule without a zone: each environment's own applies. */
export const ENVIRONMENT_ZONE = "Environment's zone";

export type TypePolicyFormValues = {
  schedules: { cron: string; timezone?: string }[];
  retention: StoredRetention;
  maxManualBackups: number;
  maxBackups: number;
  live: boolean;
};
export type SaveTypePolicyAction = (input: {
  type: string;
  policy: TypePolicyFormValues;
}) => Promise<ActionResult<{ retentionDescription: string; environments: number }>>;

const toRows = (list: TypePolicyFormValues["schedules"]): TSchedule[] =>
  list.map((s) => ({ cron: s.cron, timezone: s.timezone ?? ENVIRONMENT_ZONE }));
const fromRows = (rows: TSchedule[]) =>
  rows.map((r) => (r.timezone === ENVIRONMENT_ZONE ? { cron: r.cron } : { cron: r.cron, timezone: r.timezone }));

export function TypePolicyForm({
  type,
  initial,
  presets,
  timezones,
  canEdit,
  save,
  previewSchedule,
}: {
  type: string;
  initial: TypePolicyFormValues;
  presets: RetentionPresetOption[];
  timezones: string[];
  canEdit: boolean;
  save: SaveTypePolicyAction;
  previewSchedule: PreviewScheduleAction;
}) {
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: "saved" | "error"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const clientErrors = useMemo(() => {
    const r = ZTypePolicy.safeParse(v);
    return r.success ? {} : zodFields(r.error);
  }, [v]);
  const errors = { ...serverErrors, ...clientErrors };
  const set = (change: Partial<TypePolicyFormValues>) => {
    setServerErrors({});
    setV((x) => ({ ...x, ...change }));
  };
  const list = toIntervalPolicy(v.schedules, v.retention);
  const disabled = !canEdit || saving;

  async function submit() {
    if (Object.keys(clientErrors).length) return setNotice({ kind: "error", text: validationMessage(clientErrors) });
    setSaving(true);
    setNotice(null);
    try {
      const r = await save({ type, policy: v });
      if (r.ok) {
        setSaved(v);
        const n = r.data.environments;
        setNotice({
          kind: "saved",
          text: `The ${type} defaults are saved. ${n === 1 ? "The 1 environment" : `All ${n} environments`} of this type ${n === 1 ? "inherits" : "inherit"} them where ${n === 1 ? "it sets" : "they set"} nothing of ${n === 1 ? "its" : "their"} own.`,
        });
        router.refresh(); // the summary above the form reads the saved defaults
      } else {
        setServerErrors(r.error.fields ?? {});
        setNotice({ kind: "error", text: r.error.message });
      }
    } catch {
      setNotice({ kind: "error", text: "Could not reach the Lifeboat server; nothing was saved. Try again." });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      data-testid="type-policy-form"
      className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) void submit();
      }}
    >
      <Row title="Data retention policy" hint="What every environment of this type keeps unless it sets its own.">
        <RetentionSection
          retention={v.retention}
          schedules={toRows(v.schedules).map((s) => ({
            ...s,
            timezone: s.timezone === ENVIRONMENT_ZONE ? "UTC" : s.timezone,
          }))}
          maxManualBackups={v.maxManualBackups}
          maxBackups={v.maxBackups}
          presets={presets}
          timeZone="UTC"
          errors={errors}
          disabled={disabled}
          onChange={(retention, maxManualBackups) => set({ retention, maxManualBackups })}
          onMaxBackupsChange={(maxBackups) => set({ maxBackups })}
        />
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="type-policy-list">
          {list
            ? `As a Platform.sh policy: ${list.map((i) => `${i.interval} × ${i.count}`).join(", ")}.`
            : "Not expressible as a Platform.sh interval list (several schedules, keep-last or keep-within)."}
        </p>
      </Row>
      <Row title="Schedule" hint="Random forms pick a different time for each environment, spreading the load.">
        <ScheduleSection
          environmentId={type}
          schedules={toRows(v.schedules)}
          timezones={[ENVIRONMENT_ZONE, ...timezones]}
          defaultTimezone={ENVIRONMENT_ZONE}
          errors={errors}
          disabled={disabled}
          previewSchedule={previewSchedule}
          previewZone={(tz) => (tz === ENVIRONMENT_ZONE ? "UTC" : tz)}
          onChange={(rows) => set({ schedules: fromRows(rows) })}
        />
        <label className="mt-3 flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
          <input
            type="checkbox"
            className="size-4 accent-indigo-600"
            checked={v.live}
            disabled={disabled}
            onChange={(e) => set({ live: e.target.checked })}
          />
          Scheduled backups run live (the app keeps running). Untick to pause the app with its hooks.
        </label>
      </Row>
      {notice ? (
        <div
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid={notice.kind === "saved" ? "type-policy-saved" : "type-policy-error"}
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
        </div>
      ) : null}
      {canEdit ? (
        <div className="flex items-center justify-end gap-3 px-5 py-4">
          {!sameValues(v, saved) ? <span className="text-xs text-zinc-500">Unsaved changes</span> : null}
          <Button type="submit" variant="primary" loading={saving} data-testid="type-policy-save">
            Save {type} defaults
          </Button>
        </div>
      ) : (
        <p className="px-5 py-4 text-xs text-zinc-500">Only admins can change the type defaults.</p>
      )}
    </form>
  );
}

function Row({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) {
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
