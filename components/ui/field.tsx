/* Field: one labelled form row — label, the control, an optional hint and the error text right under
 * the control (never only in a toast). The control gets the id, aria-invalid and aria-describedby
 * through the render prop so screen readers read the error with the field:
 *   <Field id="name" label="Name" error={errors.name}>{(p) => <Input {...p} value=… />}</Field>
 * TextField is the common case (Field + Input). Error elements carry data-testid="field-error-<id>". */
"use client";
import type { InputHTMLAttributes, ReactNode } from "react";
import { Input } from "./input";
import { Label } from "./label";
import { cn } from "./cn";

export type FieldControlProps = {
  id: string;
  name: string;
  invalid: boolean;
  "aria-describedby"?: string;
};

export function Field({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, name: id, invalid: Boolean(error), "aria-describedby": describedBy || undefined })}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p
          id={`${id}-error`}
          role="alert"
          data-testid={`field-error-${id}`}
          className="text-xs text-red-600 dark:text-red-400"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  id,
  label,
  error,
  hint,
  className,
  ...inputProps
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      {(p) => <Input data-testid={`input-${id}`} {...p} {...inputProps} />}
    </Field>
  );
}

/** A form-level error (not tied to one field): shown above the buttons, with role=alert. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      data-testid="form-error"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300"
    >
      {message}
    </div>
  );
}
