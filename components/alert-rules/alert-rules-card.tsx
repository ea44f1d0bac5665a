/* The "Alerts for this environment" card: each overridable rule with On / Off / Inherit and, where the
 * rule has one, a threshold; says where an inherited value comes from (project or default). The
 * overdue rule's threshold is the RPO, set on the Disaster recovery tab. Validated in the browser with
 * the REST schema before the save action. */
"use client";
import { useState } from "react";
import { ALERT_KIND_LABELS } from "@/lib/alerts/schema";
import {
  type EffectiveRule,
  OVERDUE_THRESHOLD_NOTE,
  type RuleOverridesView,
  type TRuleOverridesInput,
  thresholdSpec,
  ZRuleOverridesInput,
} from "@/lib/alerts/overrides/schema";
import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

type Choice = "inherit" | "on" | "off";
type Row = { kind: EffectiveRule["kind"]; choice: Choice; threshold: string };

const FROM: Record<string, string> = { project: "from the project", default: "default", environment: "set here" };

function toRows(view: RuleOverridesView): Row[] {
  return view.rules.map((r) => ({
    kind: r.kind,
    choice: r.own.enabled == null ? "inherit" : r.own.enabled ? "on" : "off",
    threshold: r.own.threshold == null ? "" : String(r.own.threshold),
  }));
}

export function AlertRulesCard(props: {
  environmentId: string;
  initial: RuleOverridesView;
  canEdit: boolean;
  save: (input: { environmentId: string; rules: TRuleOverridesInput }) => Promise<ActionResult<RuleOverridesView>>;
}) {
  const [view, setView] = useState(props.initial);
  const [rows, setRows] = useState<Row[]>(() => toRows(props.initial));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function onSave() {
    const body: TRuleOverridesInput = {
      rules: rows
        .filter((r) => r.choice !== "inherit" || r.threshold !== "")
        .map((r) => ({
          kind: r.kind,
          enabled: r.choice === "inherit" ? null : r.choice === "on",
          threshold: r.threshold === "" ? null : Number(r.threshold),
        })),
    };
    const parsed = ZRuleOverridesInput.safeParse(body);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the values");
    setBusy(true);
    const res = await props.save({ environmentId: props.environmentId, rules: body });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setView(res.data);
    setRows(toRows(res.data));
    toast.success("Alert rules saved.");
  }

  return (
    <section aria-labelledby="alert-rules-h" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h3 id="alert-rules-h" className="text-sm font-semibold">
        Alerts for this environment
      </h3>
      <p className="mt-1 text-xs text-zinc-500">Inherit uses the project's setting, then Lifeboat's default.</p>
      <table className="mt-3 w-full text-sm">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="py-1 font-medium">Rule</th>
            <th className="py-1 font-medium">Alerts</th>
            <th className="py-1 font-medium">Threshold</th>
            <th className="py-1 font-medium">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const eff = view.rules[i]!;
            const spec = thresholdSpec(r.kind);
            return (
              <tr key={r.kind} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-2 pr-3 whitespace-nowrap">{ALERT_KIND_LABELS[r.kind]}</td>
                <td className="py-2 pr-3">
                  <select
                    aria-label={`${ALERT_KIND_LABELS[r.kind]} alerts`}
                    className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
                    value={r.choice}
                    disabled={!props.canEdit}
                    onChange={(e) => set(i, { choice: e.target.value as Choice })}
                  >
                    <option value="inherit">Inherit</option>
                    <option value="on">On</option>
                    <option value="off">Off</option>
                  </select>
                </td>
                <td className="py-2 pr-3 text-xs text-zinc-500">
                  {spec ? (
                    <label className="inline-flex items-center gap-1">
                      <input
                        aria-label={`${ALERT_KIND_LABELS[r.kind]} threshold (${spec.unit})`}
                        className="w-20 rounded border border-zinc-300 bg-transparent px-2 py-1 text-right text-sm dark:border-zinc-700"
                        inputMode="numeric"
                        placeholder={String(eff.threshold ?? "")}
                        value={r.threshold}
                        disabled={!props.canEdit}
                        onChange={(e) => set(i, { threshold: e.target.value })}
                      />
                      {spec.unit}
                    </label>
                  ) : r.kind === "overdue" ? (
                    OVERDUE_THRESHOLD_NOTE
                  ) : (
                    "—"
                  )}
                </td>
                <td className="py-2 text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                  {eff.enabled ? "on" : "off"} ({FROM[eff.source.enabled]})
                  {eff.threshold != null ? ` · ${eff.threshold} ${spec?.unit ?? ""}` : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {props.canEdit ? (
        <div className="mt-3">
          <Button onClick={onSave} disabled={busy}>
            {busy ? "Saving…" : "Save alert rules"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
