/* SourceFormDialog: add or edit one source of an environment. The type is chosen when adding and fixed
 * afterwards (the server refuses to change it). Test and Save first run the server's checks in the
 * browser (sourceFormErrors) and show every problem at once; the server's (ZCreateSource /
 * ZUpdateSource) errors show next to their field too, and the typed values stay. A new database source
 * starts with real defaults (127.0.0.1 and the type's port), not placeholders that look like values. "Test connection"
 * checks the typed settings; Save tests them first too, and after a failed test of the same settings it
 * becomes "Save anyway" (the user may know better, e.g. a source only a worker can reach). */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { SourceView } from "@/lib/sources/source-view";
import type { SourceActions } from "./action-types";
import { SourceAdvancedFields, SourceFields } from "./source-fields";
import { sourceFormErrors } from "./source-checks";
import { bodyFromValues, valuesFromSource, withTypeDefaults, type SourceBody } from "./source-input";
import { SOURCE_TYPE_LABELS } from "./source-summary";
import { defaultRole, ROLE_LABELS, SOURCE_ROLES, type SourceRole } from "@/lib/sources/source-role";

const ROLE_OPTION_LABELS: Record<SourceRole, string> = {
  database: "Database",
  files: "Files (uploads, data)",
  code: "Code (the application)",
  config: "Configuration (config files, certificates, env vars)",
};
import { SourceTestResults } from "./source-test-results";
import { useSourceTest } from "./use-source-test";

export function SourceFormDialog({
  environmentId,
  environmentLabel,
  source,
  actions,
  open,
  onOpenChange,
}: {
  environmentId: string;
  environmentLabel: string;
  source?: SourceView;
  actions: Pick<SourceActions, "create" | "update" | "test">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [type, setType] = useState<string>(source?.type ?? "postgres");
  const startValues = () =>
    source ? valuesFromSource(source) : withTypeDefaults(valuesFromSource(undefined), null, "postgres");
  const [values, setValues] = useState<Record<string, string>>(startValues);
  // Shown after a click on Test or Save; typing into a field clears that field's message.
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when the dialog opens or its subject changes
  useEffect(() => {
    if (open) {
      setType(source?.type ?? "postgres");
      setValues(startValues());
      setCheckErrors({});
    }
  }, [open, source]);
  const set = (k: string, v: string) => {
    setValues((prev) => ({ ...prev, [k]: v }));
    setCheckErrors(({ [k]: _, ...rest }) => rest);
  };
  const changeType = (next: string) => {
    setValues((prev) => withTypeDefaults(prev, type, next));
    setType(next);
    setCheckErrors({});
  };

  const form = useActionForm(
    (body: SourceBody) =>
      source
        ? actions.update(source.id, {
            name: body.name,
            config: body.config,
            hooks: body.hooks ?? null,
            workerLabel: body.workerLabel ?? null,
            ...(body.role ? { role: body.role } : {}),
            ...(body.secrets ? { secrets: body.secrets } : {}),
          })
        : actions.create(environmentId, { ...body, hooks: body.hooks ?? undefined }),
    {
      onSuccess: (s) => {
        toast.success(source ? `Source ${s.name} saved` : `Source ${s.name} added to ${environmentLabel}`);
        onOpenChange(false);
        router.refresh();
      },
    },
  );
  const tester = useSourceTest(actions.test, environmentId, source?.id);
  const fieldError = (k: string) => checkErrors[k] ?? form.fieldError(k) ?? tester.fieldError(k);
  const body = bodyFromValues(type, values);
  const tested = tester.current(body);
  const saveAnyway = tested !== null && !tested.result.ok;
  const [testingForSave, setTestingForSave] = useState(false);
  // The results can push the buttons below the dialog's fold: bring "Save anyway" / "Add source" into view.
  const footerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (tester.last) footerRef.current?.scrollIntoView({ block: "nearest" });
  }, [tester.last]);

  /** Every problem the browser can see, shown at once; true when there is none. */
  function checked(): boolean {
    const errors = sourceFormErrors(body, source?.secretKeys ?? []);
    setCheckErrors(errors);
    if (Object.keys(errors).length === 0) return true;
    form.reset();
    tester.reset();
    return false;
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!checked()) return;
    if (!tested) {
      form.reset();
      setTestingForSave(true);
      const result = await tester.run(body, true).finally(() => setTestingForSave(false));
      if (!result?.ok) return; // field errors, or the problems with "Save anyway" next
    }
    await form.submit(body);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          form.reset();
          tester.reset();
        }
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={source ? `Edit source ${source.name}` : `Add a source to ${environmentLabel}`}
        description={
          source
            ? `${SOURCE_TYPE_LABELS[source.type]} source`
            : "A database or directory that is backed up with this environment."
        }
        testId="source-dialog"
      >
        <form className="flex flex-col gap-3" noValidate onSubmit={save}>
          <div className="grid grid-cols-2 gap-3">
            <TextField
              id="name"
              label="Name"
              value={values.name ?? ""}
              onChange={(e) => set("name", e.target.value)}
              error={fieldError("name")}
              placeholder="e.g. main database"
              autoFocus
            />
            <Field id="type" label="Type" error={fieldError("type")}>
              {(p) => (
                <Select
                  {...p}
                  data-testid="input-type"
                  value={type}
                  disabled={Boolean(source)}
                  onChange={(e) => changeType(e.target.value)}
                >
                  {Object.entries(SOURCE_TYPE_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Field
            id="role"
            label="Holds"
            error={fieldError("role")}
            hint="What a restore treats it as: “Configuration only” restores config sources; code is left out of a full restore unless asked."
          >
            {(p) => (
              <Select
                {...p}
                data-testid="input-role"
                value={values.role ?? ""}
                onChange={(e) => set("role", e.target.value)}
              >
                <option value="">{`${ROLE_LABELS[defaultRole(type)]} (default for this type)`}</option>
                {SOURCE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_OPTION_LABELS[r]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <SourceFields
            type={type}
            values={values}
            set={set}
            error={fieldError}
            secretKeys={source?.secretKeys ?? []}
          />
          <SourceAdvancedFields values={values} set={set} error={fieldError} />
          {tester.last ? <SourceTestResults result={tester.last.result} fromSave={tester.last.fromSave} /> : null}
          <div ref={footerRef}>
            <FormError message={form.formError ?? tester.formError} />
            <DialogFooter>
              <Button
                className="mr-auto"
                loading={tester.pending && !testingForSave}
                onClick={() => {
                  form.reset();
                  if (checked()) void tester.run(body, false);
                }}
                data-testid="source-test"
              >
                Test connection
              </Button>
              <Button onClick={() => onOpenChange(false)}>Cancel</Button>
              <Button
                type="submit"
                variant={saveAnyway ? "danger" : "primary"}
                loading={form.pending || testingForSave}
                data-testid="source-submit"
              >
                {saveAnyway ? "Save anyway" : source ? "Save" : "Add source"}
              </Button>
            </DialogFooter>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
