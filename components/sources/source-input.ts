/* Turns the flat form values of the source form into the API's source body ({name, type, config,
 * secrets, hooks, workerLabel, role}) and back. Empty fields are left out, so "not given" never becomes an empty string the
 * schema would reject; secrets are only sent when typed (an update merges them server-side). */

import { smokeQueriesFromText, smokeQueriesToText } from "./smoke-queries-text";

type HookBody = { command: string; timeoutSeconds?: string };

export type SourceBody = {
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** null clears the hooks on update; absent leaves them out on create. */
  hooks?: { pre?: HookBody; post?: HookBody } | null;
  workerLabel?: string | null;
  /** What it holds (database, files, code, config); absent: the type's default. */
  role?: string;
};

type SourceLike = {
  name: string;
  type: string;
  config: Record<string, unknown>;
  hooks?: {
    pre?: { command: string; timeoutSeconds?: number };
    post?: { command: string; timeoutSeconds?: number };
  } | null;
  workerLabel?: string | null;
  role?: string;
};

export function valuesFromSource(source: SourceLike | undefined): Record<string, string> {
  const v: Record<string, string> = { name: source?.name ?? "" };
  if (!source) return v;
  for (const when of ["pre", "post"] as const) {
    const h = source.hooks?.[when];
    if (h?.command) v[`hooks.${when}.command`] = h.command;
    if (h?.timeoutSeconds) v[`hooks.${when}.timeoutSeconds`] = String(h.timeoutSeconds);
  }
  if (source.workerLabel) v.workerLabel = source.workerLabel;
  if (source.role) v.role = source.role;
  for (const [k, value] of Object.entries(source.config)) {
    if (k === "smokeQueries") v["config.smokeQueries"] = smokeQueriesToText(value);
    else if (k === "testServer") continue;
    else if (k === "pitr" && value && typeof value === "object") {
      const p = value as { enabled?: boolean; baseBackupCron?: string };
      if (p.enabled) v["config.pitr.enabled"] = "on";
      if (p.baseBackupCron) v["config.pitr.baseBackupCron"] = p.baseBackupCron;
    } else if (Array.isArray(value)) v[`config.${k}`] = value.join("\n");
    else if (value !== null && value !== undefined) v[`config.${k}`] = String(value);
  }
  return v;
}

export function bodyFromValues(type: string, values: Record<string, string>): SourceBody {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, raw] of Object.entries(values)) {
    const value = raw.trim();
    if (!value) continue;
    if (key.startsWith("config.pitr.")) continue; // below: one object
    if (key.startsWith("config.")) {
      const name = key.slice(7);
      if (name === "exclude" || name === "requiredPaths")
        config[name] = value
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean);
      else if (name === "smokeQueries") config.smokeQueries = smokeQueriesFromText(value);
      else config[name] = value;
    } else if (key === "secrets.env") {
      for (const line of value.split("\n")) {
        const i = line.indexOf("=");
        if (i > 0) secrets[line.slice(0, i).trim()] = line.slice(i + 1);
      }
    } else if (key.startsWith("secrets.")) {
      secrets[key.slice(8)] = raw; // passwords keep their spaces
    }
  }
  // Only the fields that belong to the chosen type (switching type in the form leaves old values behind).
  const allowed: Record<string, string[]> = {
    postgres: ["host", "port", "database", "user", "sslmode", "smokeQueries"],
    mysql: ["host", "port", "database", "user", "smokeQueries"],
    sqlite: ["path", "smokeQueries"],
    directory: ["path", "exclude", "requiredPaths"],
    command: ["backupCommand", "restoreCommand"],
  };
  for (const k of Object.keys(config)) if (!(allowed[type] ?? []).includes(k)) delete config[k];
  if (type === "postgres") {
    // Always sent, so switching "Continuous (point-in-time)" off is a change the server sees.
    const cron = (values["config.pitr.baseBackupCron"] ?? "").trim();
    config.pitr = { enabled: values["config.pitr.enabled"] === "on", ...(cron ? { baseBackupCron: cron } : {}) };
  }
  if (type === "sqlite" || type === "directory") for (const k of Object.keys(secrets)) delete secrets[k];
  if (type === "command") {
    delete secrets.password;
    delete secrets.url;
  }
  const hooks: { pre?: HookBody; post?: HookBody } = {};
  for (const when of ["pre", "post"] as const) {
    const command = (values[`hooks.${when}.command`] ?? "").trim();
    const timeout = (values[`hooks.${when}.timeoutSeconds`] ?? "").trim();
    if (command) hooks[when] = { command, ...(timeout ? { timeoutSeconds: timeout } : {}) };
  }
  const workerLabel = (values.workerLabel ?? "").trim();
  const role = (values.role ?? "").trim();
  return {
    name: values.name ?? "",
    type,
    config,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    hooks: Object.keys(hooks).length ? hooks : null,
    workerLabel: workerLabel || null,
    ...(role ? { role } : {}),
  };
}

/** What a new source's form starts with: real values, never placeholders that only look like them. */
const TYPE_DEFAULTS: Record<string, Record<string, string>> = {
  postgres: { "config.host": "127.0.0.1", "config.port": "5432" },
  mysql: { "config.host": "127.0.0.1", "config.port": "3306" },
};

/** The values after switching a new source's type from `from` to `to`: a field still holding `from`'s
 * default (or empty) takes `to`'s; whatever the user typed stays. */
export function withTypeDefaults(values: Record<string, string>, from: string | null, to: string) {
  const next = { ...values };
  const before = (from && TYPE_DEFAULTS[from]) || {};
  for (const [k, v] of Object.entries(before)) if (next[k] === v) delete next[k];
  for (const [k, v] of Object.entries(TYPE_DEFAULTS[to] ?? {})) if (!next[k]?.trim()) next[k] = v;
  return next;
}
