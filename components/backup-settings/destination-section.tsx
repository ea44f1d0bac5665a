/* Destination section of Backup Settings: tick one or more destinations this environment backs up to,
 * or (admins) add one inline — the Destinations page's own fields (components/destinations/
 * destination-fields.tsx: CA certificate, path-style, known_hosts and all), checked in the browser with
 * the server's schema (ZDestinationInput) as you type, "Verify connection" that names the problem when it
 * fails (refused key, unknown host, missing bucket, …), then Add, which ticks it. Secrets go to the
 * server only. */
"use client";
import { useMemo, useState } from "react";
import { CheckCircle2, Plus, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { Field, FormError, TextField } from "@/components/ui/field";
import { DestinationFields } from "@/components/destinations/destination-fields";
import { destinationBodyFromValues } from "@/components/destinations/destination-input";
import {
  type TVerifyDestinationInput,
  type UnsavedDestinationVerifyResult,
  ZDestinationInput,
} from "@/lib/destinations/schema";
import { validationMessage, zodFields } from "@/lib/http/zod-fields";
import { destinationOption } from "./destination-option";
import type { CreateDestinationAction, DestinationOption, VerifyDestinationAction } from "./types";

export function DestinationSection({
  destinations,
  selected,
  error,
  disabled,
  canAdd,
  verifyDestination,
  createDestination,
  onChange,
  onAdded,
}: {
  destinations: DestinationOption[];
  selected: string[];
  error?: string;
  disabled: boolean;
  canAdd: boolean;
  verifyDestination: VerifyDestinationAction;
  createDestination: CreateDestinationAction;
  onChange: (ids: string[]) => void;
  onAdded: (d: DestinationOption) => void;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {destinations.map((d) => (
          <label key={d.id} className="flex items-center gap-2 text-sm" data-testid="destination-option">
            <input
              type="checkbox"
              className="size-4 accent-indigo-600"
              checked={selected.includes(d.id)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...selected, d.id] : selected.filter((x) => x !== d.id))}
            />
            <span className="font-medium text-zinc-800 dark:text-zinc-200">{d.name}</span>
            <span className="text-xs text-zinc-500">
              {d.detail}
              {d.isDefault ? " · default" : ""}
            </span>
          </label>
        ))}
        {destinations.length === 0 ? (
          <p className="text-sm text-zinc-500">No destinations yet. Add one below.</p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid="destination-error">
          {error}
        </p>
      ) : null}
      {canAdd && !disabled ? (
        adding ? (
          <AddDestinationInline
            verifyDestination={verifyDestination}
            createDestination={createDestination}
            onCancel={() => setAdding(false)}
            onAdded={(d) => {
              setAdding(false);
              onAdded(d);
            }}
          />
        ) : (
          <div>
            <Button size="sm" variant="ghost" onClick={() => setAdding(true)} data-testid="add-destination">
              <Plus aria-hidden /> Add destination
            </Button>
          </div>
        )
      ) : null}
    </div>
  );
}

const TYPE_OPTIONS = [
  ["s3", "S3-compatible"], // the providers are named in the hint: a long label was cut off ("…Wasab")
  ["sftp", "SFTP"],
  ["rest", "restic REST server"],
  ["local", "Folder on this server"],
] as const;

function AddDestinationInline({
  verifyDestination,
  createDestination,
  onCancel,
  onAdded,
}: {
  verifyDestination: VerifyDestinationAction;
  createDestination: CreateDestinationAction;
  onCancel: () => void;
  onAdded: (d: DestinationOption) => void;
}) {
  const [type, setType] = useState<string>("s3");
  const [values, setValues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [verify, setVerify] = useState<UnsavedDestinationVerifyResult | null>(null);
  const [busy, setBusy] = useState<"verify" | "add" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});

  const body = useMemo(() => destinationBodyFromValues(type, values), [type, values]);
  const clientErrors = useMemo(() => {
    const r = ZDestinationInput.safeParse(body);
    return r.success ? {} : zodFields(r.error);
  }, [body]);
  // A field's browser error shows once it was typed in (or after a click on Verify/Add); never a wall of
  // "Enter …" on an empty form.
  const fieldError = (key: string) =>
    serverErrors[key] ?? (submitted || touched.has(key) ? clientErrors[key] : undefined);

  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => new Set(t).add(key));
    setServerErrors({});
    setVerify(null);
  };

  async function run(kind: "verify" | "add") {
    setSubmitted(true);
    setError(null);
    if (Object.keys(clientErrors).length) {
      setError(validationMessage(clientErrors));
      return;
    }
    setBusy(kind);
    setServerErrors({});
    try {
      const input = body as TVerifyDestinationInput;
      if (kind === "verify") {
        const r = await verifyDestination(input);
        if (r.ok) setVerify(r.data);
        else setError(r.error.message), setServerErrors(r.error.fields ?? {});
      } else {
        const r = await createDestination(input);
        if (r.ok) onAdded(destinationOption(r.data));
        else setError(r.error.message), setServerErrors(r.error.fields ?? {});
      }
    } catch {
      setError("Could not reach the Lifeboat server. Try again.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div
      className="rounded-md border border-zinc-200 bg-zinc-50/70 p-3 dark:border-zinc-800 dark:bg-zinc-950/50"
      data-testid="add-destination-form"
    >
      <div className="flex flex-col gap-3">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TextField
            id="name"
            label="Name"
            value={values.name ?? ""}
            placeholder="e.g. Backblaze B2 · acme"
            error={fieldError("name")}
            onChange={(e) => set("name", e.target.value)}
          />
          <Field
            id="dest-type"
            label="Type"
            hint={type === "s3" ? "AWS, Backblaze B2, Wasabi, MinIO, Cloudflare R2 …" : undefined}
          >
            {(p) => (
              <Select
                {...p}
                data-testid="dest-type"
                value={type}
                onChange={(e) => {
                  setType(e.target.value);
                  setValues((v) => ({ name: v.name ?? "" }));
                  setTouched(new Set());
                  setSubmitted(false);
                  setServerErrors({});
                  setVerify(null);
                }}
              >
                {TYPE_OPTIONS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <DestinationFields type={type} values={values} set={set} error={fieldError} secretKeys={[]} editing={false} />
      </div>
      <div className="mt-3 flex flex-col gap-2">
        {verify ? (
          verify.ok ? (
            <p
              className="flex items-center gap-1.5 text-sm text-emerald-700 dark:text-emerald-400"
              data-testid="verify-ok"
            >
              <CheckCircle2 className="size-4" aria-hidden /> Connected
              {verify.initialized
                ? " — an existing restic repository was found."
                : " — Lifeboat will create the repository on first use."}
            </p>
          ) : (
            <p
              className="flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400"
              role="alert"
              data-testid="verify-problem"
            >
              <XCircle className="mt-0.5 size-4 shrink-0" aria-hidden /> {verify.message}
            </p>
          )
        ) : null}
        <FormError message={error} />
      </div>
      <div className="mt-3 flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          size="sm"
          onClick={() => run("verify")}
          loading={busy === "verify"}
          disabled={busy !== null}
          data-testid="verify-destination"
        >
          Verify connection
        </Button>
        <Button
          size="sm"
          variant="primary"
          onClick={() => run("add")}
          loading={busy === "add"}
          disabled={busy !== null || !(values.name ?? "").trim()}
          data-testid="create-destination"
        >
          Add destination
        </Button>
      </div>
    </div>
  );
}
