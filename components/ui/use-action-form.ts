/* useActionForm: the glue between a form and its server action. The server action validates with the
 * operation's zod schema (the same one the REST API uses) and returns ActionResult; this hook keeps the
 * pending flag, the per-field errors (shown by <Field> next to each field) and the form-level message.
 * The form keeps its own values, so what the user typed survives an error.
 *   const f = useActionForm(createProjectAction, { onSuccess: (p) => … });
 *   <form onSubmit={f.handleSubmit(() => ({ name, slug }))}> … <Field error={f.fieldError("name")}> */
"use client";
import { useCallback, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action-result";

export function useActionForm<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  opts: { onSuccess?: (data: T) => void | Promise<void> } = {},
) {
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = useCallback(
    async (input: I): Promise<ActionResult<T>> => {
      setPending(true);
      setFormError(null);
      let result: ActionResult<T>;
      try {
        result = await action(input);
      } catch {
        result = {
          ok: false,
          error: {
            code: "network",
            message: "Could not reach the Lifeboat server. Check your connection and try again.",
          },
        };
      }
      setPending(false);
      if (result.ok) {
        setFields({});
        await opts.onSuccess?.(result.data);
      } else {
        setFields(result.error.fields ?? {});
        // The message repeats a field error when only one field is wrong; show it once, next to the field.
        const onlyField =
          result.error.fields &&
          Object.keys(result.error.fields).length > 0 &&
          result.error.code === "validation_failed";
        setFormError(onlyField ? null : result.error.message);
      }
      return result;
    },
    [action, opts],
  );

  const handleSubmit = useCallback(
    (build: () => I) => (e: FormEvent) => {
      e.preventDefault();
      void submit(build());
    },
    [submit],
  );

  const reset = useCallback(() => {
    setFields({});
    setFormError(null);
  }, []);

  return {
    pending,
    formError,
    fieldErrors: fields,
    /** The message for a field path ("name", "config.host"); also matches a nested key's first error. */
    fieldError: (path: string): string | undefined => fields[path],
    submit,
    handleSubmit,
    reset,
  };
}
