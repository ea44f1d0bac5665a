/* SourceFormDialog: add or edit one source of an environment. The type is chosen when adding and fixed
 * afterwards (the server refuses to change it). Validation is the server's (ZCreateSource /
 * ZUpdateSource); field errors show next to their field and the typed values stay. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { SourceView } from "@/lib/sources/source-view";
import type { SourceActions } from "./action-types";
import { SourceAdvancedFields, SourceFields } from "./source-fields";
import { bodyFromValues, valuesFromSource, type SourceBody } from "./source-input";
import { SOURCE_TYPE_LABELS } from "./source-summary";

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
  actions: Pick<SourceActions, "create" | "update">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [type, setType] = useState<string>(source?.type ?? "postgres");
  const [values, setValues] = useState<Record<string, string>>(() => valuesFromSource(source));
  useEffect(() => {
    if (open) {
      setType(source?.type ?? "postgres");
      setValues(valuesFromSource(source));
    }
  }, [open, source]);
  const set = (k: string, v: string) => setValues((prev) => ({ ...prev, [k]: v }));

  const form = useActionForm(
    (body: SourceBody) =>
      source
        ? actions.update(source.id, {
            name: body.name,
            config: body.config,
            hooks: body.hooks ?? null,
            workerLabel: body.workerLabel ?? null,
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
  const fieldError = (k: string) => form.fieldError(k);

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) form.reset();
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
        <form
          className="flex flex-col gap-3"
          noValidate
          onSubmit={form.handleSubmit(() => bodyFromValues(type, values))}
        >
          <div className="grid grid-cols-2 gap-3">
            <TextField
              id="name"
              label="Name"
              value={values.name ?? ""}
              onChange={(e) => set("name", e.target.value)}
              error={fieldError("name")}
              placeholder="main database"
              autoFocus
            />
            <Field id="type" label="Type" error={fieldError("type")}>
              {(p) => (
                <Select
                  {...p}
                  data-testid="input-type"
                  value={type}
                  disabled={Boolean(source)}
                  onChange={(e) => setType(e.target.value)}
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
          <SourceFields
            type={type}
            values={values}
            set={set}
            error={fieldError}
            secretKeys={source?.secretKeys ?? []}
          />
          <SourceAdvancedFields values={values} set={set} error={fieldError} />
          <FormError message={form.formError} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={form.pending} data-testid="source-submit">
              {source ? "Save" : "Add source"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
