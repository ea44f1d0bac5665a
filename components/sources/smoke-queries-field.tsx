/* The "Smoke queries" field of a database source's form (test restores run them on the scratch copy). */
"use client";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function SmokeQueriesField(props: { value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Field
      id="config.smokeQueries"
      label="Smoke queries for test restores (one per line)"
      error={props.error}
      hint='Run on the restored scratch copy; each must return more than zero (e.g. select count(*) from orders). Start a line with "zero:" to require zero.'
    >
      {(p) => (
        <Textarea
          {...p}
          rows={2}
          className="font-mono text-xs"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
