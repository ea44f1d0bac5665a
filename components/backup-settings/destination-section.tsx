/* Destination section of Backup Settings: tick one or more destinations this environment backs up to,
 * or (admins) add one inline — type-specific fields, "Verify connection" that names the problem when it
 * fails (refused key, unknown host, missing bucket, …), then Add, which ticks it. S3 takes the endpoint
 * without the bucket name; the bucket is its own field. Secrets go to the server only. */
"use client";
import { useState } from "react";
import { CheckCircle2, Plus, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/ui/field";
import { destinationOption } from "./destination-option";
import type {
  CreateDestinationAction,
  DestinationOption,
  NewDestinationInput,
  VerifyDestinationAction,
  VerifyResult,
} from "./types";

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

type Draft = { name: string; type: NewDestinationInput["type"]; f: Record<string, string> };

function toInput(d: Draft): NewDestinationInput {
  const f = d.f;
  switch (d.type) {
    case "local":
      return { name: d.name, type: "local", config: { path: f.path ?? "" } };
    case "s3":
      return {
        name: d.name,
        type: "s3",
        config: {
          endpoint: f.endpoint ?? "",
          bucket: f.bucket ?? "",
          ...(f.prefix ? { prefix: f.prefix } : {}),
          ...(f.region ? { region: f.region } : {}),
        },
        secrets: { accessKeyId: f.accessKeyId ?? "", secretAccessKey: f.secretAccessKey ?? "" },
      };
    case "sftp":
      return {
        name: d.name,
        type: "sftp",
        config: {
          host: f.host ?? "",
          ...(f.port ? { port: Number(f.port) } : {}),
          user: f.user ?? "",
          path: f.path ?? "",
        },
        secrets: { privateKey: f.privateKey ?? "" },
      };
    case "rest":
      return { name: d.name, type: "rest", config: { url: f.url ?? "" } };
  }
}

const FIELDS: Record<
  Draft["type"],
  { key: string; label: string; placeholder?: string; secret?: boolean; wide?: boolean }[]
> = {
  local: [{ key: "path", label: "Folder on this server", placeholder: "/var/backups/lifeboat", wide: true }],
  s3: [
    {
      key: "endpoint",
      label: "Endpoint (without the bucket)",
      placeholder: "https://s3.eu-central-1.wasabisys.com",
      wide: true,
    },
    { key: "bucket", label: "Bucket", placeholder: "lifeboat-acme" },
    { key: "prefix", label: "Prefix (optional)", placeholder: "production" },
    { key: "region", label: "Region (optional)", placeholder: "eu-central-1" },
    { key: "accessKeyId", label: "Access key ID", secret: true },
    { key: "secretAccessKey", label: "Secret access key", secret: true },
  ],
  sftp: [
    { key: "host", label: "Host", placeholder: "backup.example.com" },
    { key: "port", label: "Port", placeholder: "22" },
    { key: "user", label: "User", placeholder: "lifeboat" },
    { key: "path", label: "Path", placeholder: "/srv/restic/acme" },
    { key: "privateKey", label: "Private key", secret: true, wide: true },
  ],
  rest: [{ key: "url", label: "REST server URL", placeholder: "https://restic.example.com/acme", wide: true }],
};

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
  const [d, setD] = useState<Draft>({ name: "", type: "s3", f: {} });
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [busy, setBusy] = useState<"verify" | "add" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const set = (patch: Partial<Draft>) => {
    setD((x) => ({ ...x, ...patch }));
    setVerify(null);
  };

  async function run(kind: "verify" | "add") {
    setBusy(kind);
    setError(null);
    setFieldErrors({});
    try {
      const input = toInput(d);
      if (kind === "verify") {
        const r = await verifyDestination(input);
        if (r.ok) setVerify(r.data);
        else setError(r.error.message), setFieldErrors(r.error.fields ?? {});
      } else {
        const r = await createDestination(input);
        if (r.ok) onAdded(destinationOption(r.data));
        else setError(r.error.message), setFieldErrors(r.error.fields ?? {});
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
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <Label htmlFor="dest-name">Name</Label>
          <Input
            id="dest-name"
            value={d.name}
            placeholder="Backblaze B2 · acme"
            invalid={Boolean(fieldErrors.name)}
            onChange={(e) => set({ name: e.target.value })}
          />
          {fieldErrors.name ? <p className="text-xs text-red-600">{fieldErrors.name}</p> : null}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="dest-type">Type</Label>
          <Select id="dest-type" value={d.type} onChange={(e) => set({ type: e.target.value as Draft["type"], f: {} })}>
            <option value="s3">S3-compatible (AWS, Backblaze B2, Wasabi, MinIO)</option>
            <option value="sftp">SFTP</option>
            <option value="rest">restic REST server</option>
            <option value="local">Folder on this server</option>
          </Select>
        </div>
        {FIELDS[d.type].map((f) => {
          const err = fieldErrors[`config.${f.key}`] ?? fieldErrors[`secrets.${f.key}`];
          return (
            <div
              key={`${d.type}-${f.key}`}
              className={f.wide ? "flex flex-col gap-1 sm:col-span-2" : "flex flex-col gap-1"}
            >
              <Label htmlFor={`dest-${f.key}`}>{f.label}</Label>
              {f.key === "privateKey" ? (
                <textarea
                  id={`dest-${f.key}`}
                  className="min-h-20 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
                  value={d.f[f.key] ?? ""}
                  onChange={(e) => set({ f: { ...d.f, [f.key]: e.target.value } })}
                />
              ) : (
                <Input
                  id={`dest-${f.key}`}
                  data-testid={`dest-${f.key}`}
                  type={f.secret ? "password" : "text"}
                  autoComplete="off"
                  className={f.key === "endpoint" || f.key === "url" || f.key === "path" ? "font-mono" : undefined}
                  placeholder={f.placeholder}
                  value={d.f[f.key] ?? ""}
                  invalid={Boolean(err)}
                  onChange={(e) => set({ f: { ...d.f, [f.key]: e.target.value } })}
                />
              )}
              {err ? <p className="text-xs text-red-600 dark:text-red-400">{err}</p> : null}
            </div>
          );
        })}
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
          disabled={busy !== null || !d.name.trim()}
          data-testid="create-destination"
        >
          Add destination
        </Button>
      </div>
    </div>
  );
}
