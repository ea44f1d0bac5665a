/* EnvironmentFormDialog: create or edit an environment — name, slug, type (production/staging/
 * development), time zone (IANA, with suggestions) and Active (off pauses its schedules). Validated on
 * the server with ZCreateEnvironment/ZUpdateEnvironment; errors appear next to the field. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { EnvironmentView } from "@/lib/environments/environment-view";
import type { EnvironmentActions } from "./action-types";

type Values = { name: string; slug: string; type: string; timezone: string; active: boolean };

const TYPE_HINT: Record<string, string> = {
  production: "Restores ask to type the name and always take a safety backup first.",
  staging: "A copy for testing releases.",
  development: "A working copy; usually backed up less often.",
};

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function EnvironmentFormDialog({
  projectId,
  projectSlug,
  environment,
  actions,
  open,
  onOpenChange,
}: {
  projectId: string;
  projectSlug: string;
  environment?: EnvironmentView;
  actions: Pick<EnvironmentActions, "create" | "update">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const initial = (): Values => ({
    name: environment?.name ?? "",
    slug: environment?.slug ?? "",
    type: environment?.type ?? "production",
    timezone: environment?.timezone ?? browserTimeZone(),
    active: environment?.active ?? true,
  });
  const [v, setV] = useState<Values>(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when the dialog opens or its subject changes
  useEffect(() => {
    if (open) setV(initial());
  }, [open, environment]);
  const zones = useMemo(() => {
    try {
      return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
    } catch {
      return ["UTC"];
    }
  }, []);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((prev) => ({ ...prev, [k]: value }));

  const form = useActionForm(
    (input: Values) => (environment ? actions.update(environment.id, input) : actions.create(projectId, input)),
    {
      onSuccess: (e) => {
        toast.success(environment ? `Environment ${e.name} saved` : `Environment ${e.name} created`);
        onOpenChange(false);
        router.refresh();
      },
    },
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) form.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={environment ? `Edit environment ${environment.name}` : "New environment"}
        description={environment ? undefined : "One deployable copy of the application, such as production or staging."}
        testId="environment-dialog"
      >
        <form className="flex flex-col gap-3" noValidate onSubmit={form.handleSubmit(() => v)}>
          <div className="grid grid-cols-2 gap-3">
            <TextField
              id="name"
              label="Name"
              value={v.name}
              onChange={(e) => set("name", e.target.value)}
              error={form.fieldError("name")}
              placeholder="e.g. production"
              autoFocus
            />
            <TextField
              id="slug"
              label="Slug"
              value={v.slug}
              onChange={(e) => set("slug", e.target.value)}
              error={form.fieldError("slug")}
              placeholder="made from the name"
              hint="Used in URLs and as the restic host name of its backups."
              className="[&_input]:font-mono"
            />
          </div>
          <Field id="type" label="Type" error={form.fieldError("type")} hint={TYPE_HINT[v.type]}>
            {(p) => (
              <Select {...p} data-testid="input-type" value={v.type} onChange={(e) => set("type", e.target.value)}>
                <option value="production">Production</option>
                <option value="staging">Staging</option>
                <option value="development">Development</option>
              </Select>
            )}
          </Field>
          <Field
            id="timezone"
            label="Time zone"
            error={form.fieldError("timezone")}
            hint="Schedules run and times are shown in this zone."
          >
            {(p) => (
              <>
                <Input
                  {...p}
                  data-testid="input-timezone"
                  list="timezones"
                  value={v.timezone}
                  onChange={(e) => set("timezone", e.target.value)}
                  autoComplete="off"
                />
                <datalist id="timezones">
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <div className="flex items-center justify-between rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <div>
              <Label htmlFor="active">Active</Label>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                When off, scheduled backups of this environment are paused.
              </p>
            </div>
            <Switch
              id="active"
              data-testid="input-active"
              checked={v.active}
              onCheckedChange={(c) => set("active", c)}
            />
          </div>
          <FormError message={form.formError} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={form.pending} data-testid="environment-submit">
              {environment ? "Save" : "Create environment"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
