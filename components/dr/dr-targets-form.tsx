/* Editing an environment's recovery targets (admins): RPO in hours, RTO in minutes — empty follows the
 * default, which the placeholder shows — and "critical" (default RPO 1 h / RTO 15 min). Saves through
 * the server action (same zod schema as PUT /api/v1/environments/{id}/dr); field errors under the
 * fields, an inline "saved" message with Dismiss. */
"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { spanInWords } from "@/lib/environments/rpo-target";
import type { DrView } from "@/lib/dr/schema";
import type { ActionResult } from "@/lib/http/action-result";

type SaveInput = {
  environmentId: string;
  targets: { rpoSeconds: number | null; rtoSeconds: number | null; critical: boolean };
};

const toField = (seconds: number, inherited: boolean, unit: number) => (inherited ? "" : String(seconds / unit));

function parse(text: string, unit: number): number | null {
  const t = text.trim().replace(",", ".");
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? Math.round(n * unit) : Number.NaN;
}

export function DrTargetsForm({
  view,
  save,
}: {
  view: DrView;
  save: (input: SaveInput) => Promise<ActionResult<{ status: string }>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const [rpo, setRpo] = useState(toField(view.targets.rpoSeconds, view.inherited.rpoSeconds, 3600));
  const [rto, setRto] = useState(toField(view.targets.rtoSeconds, view.inherited.rtoSeconds, 60));
  const [critical, setCritical] = useState(view.critical);
  const f = useActionForm(save, {
    onSuccess: () => {
      setOpen(false);
      setSaved(true);
      router.refresh();
    },
  });
  const defaults = critical ? { rpoSeconds: 3600, rtoSeconds: 900 } : view.critical ? null : view.defaults;

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            setSaved(false);
            setOpen(true);
          }}
          data-testid="dr-edit"
        >
          Edit targets
        </Button>
        {saved ? (
          <p className="flex items-center gap-2 text-sm text-emerald-700 dark:text-emerald-400" data-testid="dr-saved">
            Targets saved.
            <button type="button" className="text-xs underline" onClick={() => setSaved(false)}>
              Dismiss
            </button>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form
      className="grid max-w-xl gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="dr-form"
      onSubmit={f.handleSubmit(() => ({
        environmentId: view.environmentId,
        targets: { rpoSeconds: parse(rpo, 3600), rtoSeconds: parse(rto, 60), critical },
      }))}
    >
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={critical}
          onChange={(e) => setCritical(e.target.checked)}
          data-testid="dr-critical"
        />
        Critical environment <span className="text-zinc-500">(default RPO 1 h, RTO 15 min)</span>
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="rpoSeconds"
          label="RPO target (hours)"
          inputMode="decimal"
          value={rpo}
          onChange={(e) => setRpo(e.target.value)}
          placeholder={defaults ? `default ${defaults.rpoSeconds / 3600}` : "default"}
          hint={`How much data you may lose at most. Empty: the default${defaults ? ` (${spanInWords(defaults.rpoSeconds)})` : ""}.`}
          error={f.fieldError("rpoSeconds")}
        />
        <TextField
          id="rtoSeconds"
          label="RTO target (minutes)"
          inputMode="decimal"
          value={rto}
          onChange={(e) => setRto(e.target.value)}
          placeholder={defaults ? `default ${defaults.rtoSeconds / 60}` : "default"}
          hint={`How long a recovery may take at most. Empty: the default${defaults ? ` (${spanInWords(defaults.rtoSeconds)})` : ""}.`}
          error={f.fieldError("rtoSeconds")}
        />
      </div>
      <FormError message={f.formError} />
      <div className="flex justify-end gap-2">
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            f.reset();
            setOpen(false);
          }}
        >
          Cancel
        </Button>
        <Button type="submit" disabled={f.pending} data-testid="dr-save">
          {f.pending ? "Saving…" : "Save targets"}
        </Button>
      </div>
    </form>
  );
}
