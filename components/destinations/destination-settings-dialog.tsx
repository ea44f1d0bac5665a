/* "Budget & checks" of a destination (admins): the storage budget in GiB (storage_low alert, the
 * Monitoring forecast), the price per GiB-month (the reports' cost estimate), and how integrity checks
 * read its data — the rotation (every pack read once every t checks) and a cap on what one check may
 * download. Shows, as you type, what one check will download and how long a full read takes. Validated
 * in the browser with the REST API's schemas; the page passes the two server actions in. */
"use client";
import { SlidersHorizontal } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { formatBytes } from "@/components/ui/format";
import { toast } from "@/components/ui/toast";
import { ZStorageSettings, type StorageSettings } from "@/lib/destinations/storage/schema";
import type { ActionResult } from "@/lib/http/action-result";
import {
  type CheckSettings,
  type CheckSettingsView,
  effectiveReadDataRuns,
  ZCheckSettings,
} from "@/lib/proof/checks/check-settings-schema";

type Loaded = { storage: StorageSettings; check: CheckSettingsView };
export type DestinationSettingsActions = {
  load: (id: string) => Promise<ActionResult<Loaded>>;
  save: (input: { id: string; storage: StorageSettings; check: CheckSettings }) => Promise<ActionResult<Loaded>>;
};

type Fields = { budgetGib: string; pricePerGibMonth: string; readDataRuns: string; maxReadGibPerRun: string };
const text = (n: number | null) => (n == null ? "" : String(n));
const num = (s: string) => (s.trim() === "" ? null : Number(s.replace(",", ".")));

function toFields(l: Loaded): Fields {
  return {
    budgetGib: text(l.storage.budgetGib),
    pricePerGibMonth: text(l.storage.pricePerGibMonth),
    readDataRuns: text(l.check.readDataRuns),
    maxReadGibPerRun: text(l.check.maxReadGibPerRun),
  };
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  return Object.fromEntries(issues.map((i) => [String(i.path[0]), i.message]));
}

function ReadPlan({ fields, view }: { fields: Fields; view: CheckSettingsView }) {
  const parsed = ZCheckSettings.safeParse({
    readDataRuns: num(fields.readDataRuns),
    maxReadGibPerRun: num(fields.maxReadGibPerRun),
  });
  if (!parsed.success) return null;
  const eff = effectiveReadDataRuns(parsed.data, view.defaultReadDataRuns, view.storedBytes);
  const perCheck = Math.ceil(view.storedBytes / eff.runs);
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="read-plan">
      Holds about {formatBytes(view.storedBytes)}. Each daily check downloads about{" "}
      <strong className="font-medium text-zinc-900 dark:text-zinc-100">{formatBytes(perCheck)}</strong>; all data is
      read once every {eff.runs} {eff.runs === 1 ? "check" : "checks"} ({eff.runs} days).
      {eff.raisedByCap ? " The download cap makes the rotation longer than chosen." : ""}
    </p>
  );
}

export function DestinationSettingsButton({
  destination,
  actions,
}: {
  destination: { id: string; name: string };
  actions: DestinationSettingsActions;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function openDialog() {
    setOpen(true);
    setProblem(null);
    setErrors({});
    const r = await actions.load(destination.id);
    if (!r.ok) return setProblem(r.error.message);
    setLoaded(r.data);
    setFields(toFields(r.data));
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!fields) return;
    const storage = ZStorageSettings.safeParse({
      budgetGib: num(fields.budgetGib),
      pricePerGibMonth: num(fields.pricePerGibMonth),
    });
    const check = ZCheckSettings.safeParse({
      readDataRuns: num(fields.readDataRuns),
      maxReadGibPerRun: num(fields.maxReadGibPerRun),
    });
    const errs = {
      ...(storage.success ? {} : fieldErrors(storage.error.issues)),
      ...(check.success ? {} : fieldErrors(check.error.issues)),
    };
    setErrors(errs);
    if (!storage.success || !check.success) return;
    setBusy(true);
    const r = await actions.save({ id: destination.id, storage: storage.data, check: check.data });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    toast.success(`${destination.name}: budget and check settings saved.`);
    setOpen(false);
    router.refresh();
  }

  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setFields((f) => (f ? { ...f, [k]: e.target.value } : f));
    setErrors(({ [k]: _fixed, ...rest }) => rest); // a changed field's old message no longer applies
  };
  const id = (k: string) => `${k}-${destination.id.slice(0, 8)}`;
  return (
    <>
      <Button size="sm" variant="ghost" onClick={openDialog} data-testid={`destination-settings-${destination.name}`}>
        <SlidersHorizontal aria-hidden /> Budget &amp; checks
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title={`Budget and checks of ${destination.name}`}
          description="What this destination may hold and cost, and how the daily integrity check reads its data."
          testId="destination-settings-dialog"
        >
          {fields && loaded ? (
            <form onSubmit={save} className="flex flex-col gap-4" noValidate>
              <fieldset className="grid grid-cols-2 gap-3">
                <legend className="mb-2 text-sm font-semibold">Storage</legend>
                <TextField
                  id={id("budgetGib")}
                  label="Budget (GiB)"
                  inputMode="decimal"
                  placeholder="no budget"
                  value={fields.budgetGib}
                  onChange={set("budgetGib")}
                  error={errors.budgetGib}
                  hint="An alert opens when it holds more."
                />
                <TextField
                  id={id("pricePerGibMonth")}
                  label="Price per GiB-month"
                  inputMode="decimal"
                  placeholder="not set"
                  value={fields.pricePerGibMonth}
                  onChange={set("pricePerGibMonth")}
                  error={errors.pricePerGibMonth}
                  hint="For the reports' cost estimate."
                />
              </fieldset>
              <fieldset className="grid grid-cols-2 gap-3">
                <legend className="mb-2 text-sm font-semibold">Integrity checks</legend>
                <TextField
                  id={id("readDataRuns")}
                  label="Read all data over (checks)"
                  inputMode="numeric"
                  placeholder={`${loaded.check.defaultReadDataRuns} (default)`}
                  value={fields.readDataRuns}
                  onChange={set("readDataRuns")}
                  error={errors.readDataRuns}
                  hint="1 reads everything at every check."
                />
                <TextField
                  id={id("maxReadGibPerRun")}
                  label="Download cap per check (GiB)"
                  inputMode="decimal"
                  placeholder="no cap"
                  value={fields.maxReadGibPerRun}
                  onChange={set("maxReadGibPerRun")}
                  error={errors.maxReadGibPerRun}
                  hint="For storage that charges for downloads."
                />
              </fieldset>
              <ReadPlan fields={fields} view={loaded.check} />
              <FormError message={problem} />
              <DialogFooter>
                <Button onClick={() => setOpen(false)}>Cancel</Button>
                <Button type="submit" variant="primary" loading={busy} data-testid="destination-settings-save">
                  Save
                </Button>
              </DialogFooter>
            </form>
          ) : (
            <>
              <FormError message={problem} />
              {problem ? null : <p className="text-sm text-zinc-500">Loading…</p>}
            </>
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}
