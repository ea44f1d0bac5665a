/* The type-specific fields of the destination form (local, S3, SFTP, REST). Keys are the server's
 * field-error paths ("config.bucket", "secrets.secretAccessKey"). Secrets are write-only: empty when
 * editing, with "set" shown when a value is stored. The S3 endpoint is entered without the bucket. */
"use client";
import { Field, TextField } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";

type Props = {
  type: string;
  values: Record<string, string>;
  set: (key: string, value: string) => void;
  error: (key: string) => string | undefined;
  secretKeys: string[];
  editing: boolean;
};

export function DestinationFields({ type, values, set, error, secretKeys, editing }: Props) {
  const text = (key: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      id={key}
      label={label}
      value={values[key] ?? ""}
      onChange={(e) => set(key, e.target.value)}
      error={error(key)}
      autoComplete="off"
      {...extra}
    />
  );
  const secret = (key: string, label: string, extra: Record<string, unknown> = {}) => {
    const stored = secretKeys.includes(key);
    return text(`secrets.${key}`, label, {
      type: "password",
      autoComplete: "new-password",
      placeholder: stored ? "set (hidden)" : undefined,
      hint: stored
        ? "A value is set. Leave empty to keep it."
        : editing
          ? undefined
          : "Stored encrypted; never shown again.",
      "data-secret-set": stored ? "true" : "false",
      ...extra,
    });
  };

  const caCert = () => (
    <details
      className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
      open={Boolean(values["config.caCert"])}
    >
      <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Private certificate authority (optional)
      </summary>
      <Field
        id="config.caCert"
        label="CA certificate (PEM)"
        error={error("config.caCert")}
        hint="Only when the server's TLS certificate is signed by your own CA."
        className="mt-2"
      >
        {(p) => (
          <Textarea
            {...p}
            rows={3}
            value={values["config.caCert"] ?? ""}
            onChange={(e) => set("config.caCert", e.target.value)}
            placeholder="-----BEGIN CERTIFICATE-----"
          />
        )}
      </Field>
    </details>
  );

  if (type === "local") {
    return text("config.path", "Directory on this server", {
      placeholder: "e.g. /srv/backups/lifeboat",
      hint: "The restic repository is created here. Put it on a different disk than the data it protects.",
      className: "[&_input]:font-mono",
    });
  }
  if (type === "s3") {
    return (
      <>
        {text("config.endpoint", "Endpoint", {
          placeholder: "e.g. s3.eu-central-1.amazonaws.com",
          hint: "The service host without the bucket name (Amazon S3, Backblaze B2, Wasabi, MinIO: https://minio.example.com:9000).",
        })}
        <div className="grid grid-cols-2 gap-3">
          {text("config.bucket", "Bucket", { placeholder: "e.g. lifeboat-acme" })}
          {text("config.prefix", "Folder in the bucket (optional)", { placeholder: "e.g. production" })}
        </div>
        <div className="grid grid-cols-2 gap-3">
          {text("config.region", "Region (optional)", { placeholder: "e.g. eu-central-1" })}
          <label className="mt-5 flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <input
              type="checkbox"
              className="size-4 accent-indigo-600"
              checked={values["config.pathStyle"] === "true"}
              onChange={(e) => set("config.pathStyle", e.target.checked ? "true" : "")}
            />
            Path-style URLs (MinIO and most self-hosted)
          </label>
        </div>
        <div className="grid grid-cols-2 gap-3">
          {secret("accessKeyId", "Access key ID")}
          {secret("secretAccessKey", "Secret access key")}
        </div>
        {caCert()}
      </>
    );
  }
  if (type === "sftp") {
    return (
      <>
        <div className="grid grid-cols-[1fr_6rem] gap-3">
          {text("config.host", "Host", { placeholder: "e.g. backup.example.com" })}
          {text("config.port", "Port", { placeholder: "22 if empty", inputMode: "numeric" })}
        </div>
        <div className="grid grid-cols-2 gap-3">
          {text("config.user", "User", { placeholder: "e.g. backup" })}
          {text("config.path", "Directory on the server", {
            placeholder: "e.g. /srv/restic/acme",
            className: "[&_input]:font-mono",
          })}
        </div>
        <Field
          id="secrets.privateKey"
          label="Private SSH key"
          error={error("secrets.privateKey")}
          hint={
            secretKeys.includes("privateKey")
              ? "A key is set. Leave empty to keep it."
              : "Stored encrypted; never shown again."
          }
        >
          {(p) => (
            <Textarea
              {...p}
              rows={3}
              value={values["secrets.privateKey"] ?? ""}
              onChange={(e) => set("secrets.privateKey", e.target.value)}
              placeholder={secretKeys.includes("privateKey") ? "set (hidden)" : "-----BEGIN OPENSSH PRIVATE KEY-----"}
            />
          )}
        </Field>
        <Field id="config.knownHosts" label="Host key (optional, known_hosts line)" error={error("config.knownHosts")}>
          {(p) => (
            <Textarea
              {...p}
              rows={2}
              value={values["config.knownHosts"] ?? ""}
              onChange={(e) => set("config.knownHosts", e.target.value)}
            />
          )}
        </Field>
        <Field id="config.hostKeyChecking" label="Host key checking" error={error("config.hostKeyChecking")}>
          {(p) => (
            <Select
              {...p}
              value={values["config.hostKeyChecking"] ?? ""}
              onChange={(e) => set("config.hostKeyChecking", e.target.value)}
            >
              <option value="">default</option>
              <option value="strict">strict: only the host key above</option>
              <option value="accept-new">accept-new: remember the first key, refuse a changed one</option>
              <option value="off">off (not recommended)</option>
            </Select>
          )}
        </Field>
      </>
    );
  }
  if (type === "rest") {
    return (
      <>
        {text("config.url", "REST server URL", { placeholder: "e.g. https://backup.example.com:8000/acme/" })}
        <div className="grid grid-cols-2 gap-3">
          {secret("username", "User (optional)", { type: "text" })}
          {secret("password", "Password (optional)")}
        </div>
        {caCert()}
      </>
    );
  }
  return null;
}
