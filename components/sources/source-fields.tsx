/* The type-specific fields of the source form. Values live in one flat map keyed by the same paths the
 * server uses for field errors ("config.host", "secrets.password"), so every error lands next to its
 * field. Secrets are write-only: the field starts empty and says "set" when a value is stored; leaving
 * it empty keeps the stored value. */
"use client";
import { Field, TextField } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { SmokeQueriesField } from "./smoke-queries-field";
import { PitrFields } from "./pitr-fields";

export type SourceFormValues = Record<string, string>;

type Props = {
  type: string;
  values: SourceFormValues;
  set: (key: string, value: string) => void;
  error: (key: string) => string | undefined;
  secretKeys: string[];
};

function secretHint(secretKeys: string[], key: string, otherwise: string): string {
  return secretKeys.includes(key)
    ? "A value is set. Leave empty to keep it, or type a new one to replace it."
    : otherwise;
}

function secretPlaceholder(secretKeys: string[], key: string): string | undefined {
  return secretKeys.includes(key) ? "set (hidden)" : undefined;
}

export function SourceFields({ type, values, set, error, secretKeys }: Props) {
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

  const smoke = (
    <SmokeQueriesField
      value={values["config.smokeQueries"] ?? ""}
      onChange={(v) => set("config.smokeQueries", v)}
      error={error("config.smokeQueries")}
    />
  );

  if (type === "postgres" || type === "mysql") {
    return (
      <>
        <div className="grid grid-cols-[1fr_7rem] gap-3">
          {text("config.host", "Host")}
          {text("config.port", "Port", { inputMode: "numeric" })}
        </div>
        <div className="grid grid-cols-2 gap-3">
          {text("config.database", "Database")}
          {text("config.user", "User")}
        </div>
        <TextField
          id="secrets.password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={values["secrets.password"] ?? ""}
          onChange={(e) => set("secrets.password", e.target.value)}
          error={error("secrets.password")}
          placeholder={secretPlaceholder(secretKeys, "password")}
          hint={secretHint(
            secretKeys,
            "password",
            "Stored encrypted; never shown again. Leave empty if the user needs none.",
          )}
          data-secret-set={secretKeys.includes("password") ? "true" : "false"}
        />
        {type === "postgres" ? <PitrFields values={values} set={set} error={error} /> : null}
        {type === "postgres" ? (
          <Field id="config.sslmode" label="TLS (sslmode)" error={error("config.sslmode")}>
            {(p) => (
              <Select
                {...p}
                value={values["config.sslmode"] ?? ""}
                onChange={(e) => set("config.sslmode", e.target.value)}
              >
                <option value="">default (prefer)</option>
                <option value="disable">disable</option>
                <option value="require">require</option>
                <option value="verify-ca">verify-ca</option>
                <option value="verify-full">verify-full</option>
              </Select>
            )}
          </Field>
        ) : null}
        <details
          className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
          open={Boolean(values["secrets.url"]) || secretKeys.includes("url")}
        >
          <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Use a connection URL instead
          </summary>
          <div className="mt-2">
            <TextField
              id="secrets.url"
              label="Connection URL (secret)"
              type="password"
              autoComplete="off"
              value={values["secrets.url"] ?? ""}
              onChange={(e) => set("secrets.url", e.target.value)}
              error={error("secrets.url")}
              placeholder={
                secretPlaceholder(secretKeys, "url") ??
                (type === "postgres" ? "postgres://user:password@host:5432/db" : "mysql://user:password@host:3306/db")
              }
              hint={secretHint(
                secretKeys,
                "url",
                "When given, it is used instead of the fields above. Stored encrypted.",
              )}
            />
          </div>
        </details>
        {smoke}
      </>
    );
  }
  if (type === "sqlite") {
    return (
      <>
        {text("config.path", "Database file", {
          placeholder: "e.g. /var/lib/app/app.db",
          hint: "Absolute path on the machine that runs the worker. Copied with SQLite's online backup, safe while the app runs.",
          className: "[&_input]:font-mono",
        })}
        {smoke}
      </>
    );
  }
  if (type === "directory") {
    return (
      <>
        {text("config.path", "Directory", {
          placeholder: "e.g. /var/lib/app/uploads",
          className: "[&_input]:font-mono",
        })}
        <Field
          id="config.exclude"
          label="Exclude (one pattern per line)"
          error={error("config.exclude")}
          hint="restic exclude patterns, e.g. *.tmp or cache/"
        >
          {(p) => (
            <Textarea
              {...p}
              rows={3}
              value={values["config.exclude"] ?? ""}
              onChange={(e) => set("config.exclude", e.target.value)}
            />
          )}
        </Field>
        <Field
          id="config.requiredPaths"
          label="Required paths (optional, one per line)"
          error={error("config.requiredPaths")}
          hint="Every backup must contain these, relative to the directory, e.g. index.php or uploads/ (a trailing / means a folder). A backup without one fails its verification."
        >
          {(p) => (
            <Textarea
              {...p}
              rows={2}
              className="font-mono"
              value={values["config.requiredPaths"] ?? ""}
              onChange={(e) => set("config.requiredPaths", e.target.value)}
            />
          )}
        </Field>
      </>
    );
  }
  if (type === "command") {
    return (
      <>
        <Field
          id="config.backupCommand"
          label="Backup command"
          error={error("config.backupCommand")}
          hint="Writes the backup to stdout. Runs without a shell."
        >
          {(p) => (
            <Textarea
              {...p}
              data-testid="input-config.backupCommand"
              rows={2}
              value={values["config.backupCommand"] ?? ""}
              onChange={(e) => set("config.backupCommand", e.target.value)}
              placeholder="e.g. redis-cli --rdb -"
            />
          )}
        </Field>
        <Field
          id="config.restoreCommand"
          label="Restore command (optional)"
          error={error("config.restoreCommand")}
          hint="Reads the backup from stdin."
        >
          {(p) => (
            <Textarea
              {...p}
              rows={2}
              value={values["config.restoreCommand"] ?? ""}
              onChange={(e) => set("config.restoreCommand", e.target.value)}
            />
          )}
        </Field>
        <Field
          id="secrets"
          label="Secret environment variables (NAME=value, one per line)"
          error={error("secrets")}
          hint={
            secretKeys.length
              ? `Set: ${secretKeys.join(", ")}. Lines you type replace those names; others are kept.`
              : "Passed to both commands; stored encrypted."
          }
        >
          {(p) => (
            <Textarea
              {...p}
              rows={2}
              value={values["secrets.env"] ?? ""}
              onChange={(e) => set("secrets.env", e.target.value)}
              placeholder="REDISCLI_AUTH=…"
            />
          )}
        </Field>
      </>
    );
  }
  return null;
}

/** Hooks (a command before and after the backup) and the worker label, folded away: most sources need
 * neither. Opens by itself when a value is set or the server reports an error in it. */
export function SourceAdvancedFields({ values, set, error }: Omit<Props, "type" | "secretKeys">) {
  const keys = [
    "hooks.pre.command",
    "hooks.pre.timeoutSeconds",
    "hooks.post.command",
    "hooks.post.timeoutSeconds",
    "workerLabel",
  ];
  const open = keys.some((k) => values[k] || error(k));
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
  return (
    <details
      className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
      open={open}
      data-testid="source-advanced"
    >
      <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Hooks and worker (advanced)
      </summary>
      <div className="mt-2 flex flex-col gap-3">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Hooks run with consistent (not live) backups, e.g. to pause the app. They run through /bin/sh on the worker.
        </p>
        <div className="grid grid-cols-[1fr_6rem] gap-3">
          {text("hooks.pre.command", "Before the backup, run", {
            placeholder: "/usr/local/bin/app maintenance on",
            className: "[&_input]:font-mono",
          })}
          {text("hooks.pre.timeoutSeconds", "Timeout (s)", { inputMode: "numeric", placeholder: "300" })}
        </div>
        <div className="grid grid-cols-[1fr_6rem] gap-3">
          {text("hooks.post.command", "After the backup, run", {
            placeholder: "/usr/local/bin/app maintenance off",
            className: "[&_input]:font-mono",
            hint: "Runs even when the backup failed.",
          })}
          {text("hooks.post.timeoutSeconds", "Timeout (s)", { inputMode: "numeric", placeholder: "300" })}
        </div>
        {text("workerLabel", "Run on the worker labelled (optional)", {
          placeholder: "db-host-1",
          hint: "For paths and SQLite files that exist on one machine only: the worker started with this label in LIFEBOAT_WORKER_LABELS.",
        })}
      </div>
    </details>
  );
}
