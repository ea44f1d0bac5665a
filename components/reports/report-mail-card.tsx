/* "E-mailed reports" on the Reports page (admins): send the report weekly or monthly to chosen addresses,
 * for everything or one project, through one of the e-mail channels (its SMTP server), with when the
 * last one went out. Validated in the browser with the REST API's schema; the page passes the save
 * action in. Without an e-mail channel it says where to add one. */
"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/http/action-result";
import {
  REPORT_CADENCES,
  type ReportMailView,
  type TReportMailSettings,
  ZReportMailSettings,
} from "@/lib/reports/mail/schema";

type Option = { id: string; name: string };

const splitAddresses = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);

function lastSentWords(period: string | null): string {
  if (!period) return "None sent yet.";
  const [cadence, label] = period.split(".");
  return `Last sent: the ${cadence} report for ${label}.`;
}

export function ReportMailCard(props: {
  initial: ReportMailView;
  channels: Option[];
  projects: Option[];
  save: (input: TReportMailSettings) => Promise<ActionResult<ReportMailView>>;
}) {
  const s = props.initial.settings;
  const [enabled, setEnabled] = useState(s?.enabled ?? true);
  const [cadence, setCadence] = useState<string>(s?.cadence ?? "weekly");
  const [addresses, setAddresses] = useState((s?.addresses ?? []).join(", "));
  const [projectId, setProjectId] = useState(s?.projectId ?? "");
  const [channelId, setChannelId] = useState(s?.channelId ?? props.channels[0]?.id ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastSent, setLastSent] = useState(props.initial.lastSentPeriod);

  async function onSave(e: React.FormEvent) {
    e.preventDefault();
    const input = {
      enabled,
      cadence: cadence as TReportMailSettings["cadence"],
      addresses: splitAddresses(addresses),
      projectId: projectId || null,
      channelId,
    };
    const parsed = ZReportMailSettings.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    const r = await props.save(input);
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setProblem(null);
    setLastSent(r.data.lastSentPeriod);
    toast.success(enabled ? `The ${cadence} report will be e-mailed.` : "E-mailed reports are off.");
  }

  return (
    <section
      aria-labelledby="report-mail-h"
      className="mt-6 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="report-mail-card"
    >
      <h2 id="report-mail-h" className="text-sm font-semibold">
        E-mailed reports
      </h2>
      <p className="mt-1 text-xs text-zinc-500">
        This report as PDF and CSV, e-mailed after each week (Monday) or month (the 1st), once for the whole cluster.{" "}
        {lastSentWords(lastSent)}
      </p>
      {props.channels.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-300" data-testid="report-mail-no-channel">
          Reports are sent through an e-mail channel's SMTP server.{" "}
          <Link href="/channels" className="font-medium text-indigo-600 underline-offset-2 hover:underline">
            Add an e-mail channel
          </Link>{" "}
          first.
        </p>
      ) : (
        <form onSubmit={onSave} noValidate className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-2">
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <input
              type="checkbox"
              checked={enabled}
              onChange={(e) => setEnabled(e.target.checked)}
              data-testid="report-mail-enabled"
            />
            Send the report by e-mail
          </label>
          <Field id="report-mail-cadence" label="How often" error={errors.cadence}>
            {(p) => (
              <Select {...p} value={cadence} onChange={(e) => setCadence(e.target.value)}>
                {REPORT_CADENCES.map((c) => (
                  <option key={c} value={c}>
                    {c === "weekly" ? "Weekly (the past week, every Monday)" : "Monthly (the past month, on the 1st)"}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="report-mail-project" label="Covers" error={errors.projectId}>
            {(p) => (
              <Select {...p} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
                <option value="">All projects</option>
                {props.projects.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            id="report-mail-addresses"
            label="Send to"
            error={errors.addresses}
            hint="E-mail addresses, separated by commas or new lines."
            className="md:col-span-2"
          >
            {(p) => (
              <Textarea
                {...p}
                rows={2}
                value={addresses}
                placeholder="ops@example.com, cto@example.com"
                onChange={(e) => setAddresses(e.target.value)}
                data-testid="report-mail-addresses"
              />
            )}
          </Field>
          <Field id="report-mail-channel" label="Through the e-mail channel" error={errors.channelId}>
            {(p) => (
              <Select {...p} value={channelId} onChange={(e) => setChannelId(e.target.value)}>
                {props.channels.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <div className="flex items-end md:col-span-2">
            <FormError message={problem} />
            <Button type="submit" variant="primary" loading={busy} data-testid="report-mail-save">
              Save
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
