/* Turns the flat form values of the destination form into the API's body ({name, type, config,
 * secrets, isDefault}) and back. Empty fields are left out; secrets are only sent when typed (an update
 * merges them server-side, so editing the bucket does not need the keys again). */

export type DestinationBody = {
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  isDefault?: boolean;
  /** add only: a destination whose chunker parameters the new repository copies */
  chunkerParamsFrom?: string;
};

const CONFIG_KEYS: Record<string, string[]> = {
  local: ["path"],
  s3: ["endpoint", "bucket", "prefix", "region", "pathStyle", "caCert", "caCertPath"],
  sftp: ["host", "port", "user", "path", "knownHosts", "hostKeyChecking"],
  rest: ["url", "caCert", "caCertPath"],
};
const SECRET_KEYS: Record<string, string[]> = {
  local: ["repositoryPassword"],
  s3: ["accessKeyId", "secretAccessKey", "repositoryPassword"],
  sftp: ["privateKey", "repositoryPassword"],
  rest: ["username", "password", "repositoryPassword"],
};

export function valuesFromDestination(
  d: { name: string; config: Record<string, unknown> } | undefined,
): Record<string, string> {
  const v: Record<string, string> = { name: d?.name ?? "" };
  for (const [k, value] of Object.entries(d?.config ?? {})) {
    if (typeof value === "boolean") v[`config.${k}`] = value ? "true" : "";
    else if (value !== null && value !== undefined) v[`config.${k}`] = String(value);
  }
  return v;
}

export function destinationBodyFromValues(type: string, values: Record<string, string>): DestinationBody {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const key of CONFIG_KEYS[type] ?? []) {
    const raw = (values[`config.${key}`] ?? "").trim();
    if (key === "pathStyle") {
      if (raw) config.pathStyle = true;
    } else if (raw) config[key] = raw;
  }
  for (const key of SECRET_KEYS[type] ?? []) {
    const raw = values[`secrets.${key}`] ?? "";
    if (raw.trim()) secrets[key] = key === "accessKeyId" ? raw.trim() : raw;
  }
  return {
    name: values.name ?? "",
    type,
    config,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(values.isDefault === "true" ? { isDefault: true } : {}),
    ...(values.chunkerParamsFrom ? { chunkerParamsFrom: values.chunkerParamsFrom } : {}),
  };
}
