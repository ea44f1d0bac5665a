/* The Channels form's flat values (keys are the error paths: "config.host", "secrets.password") ↔ the
 * channel body, and the browser-side check with the same ZChannelInput the server uses, so a wrong
 * port or address is shown under its field before anything is sent. */
import { type ChannelType, type ChannelView, type TChannelInput, ZChannelInput } from "@/lib/notify/schema";

export type ChannelValues = Record<string, string>;

const CONFIG_KEYS: Record<ChannelType, string[]> = {
  email: ["host", "port", "from", "to", "secure", "requireTls", "allowSelfSigned"],
  webhook: ["url"],
  slack: [],
  discord: [],
  ntfy: ["url", "priority"],
  gotify: ["url"],
  telegram: ["chatId", "apiBaseUrl"],
  healthchecks: ["environmentId"],
};
const BOOLEAN_KEYS = new Set(["secure", "requireTls", "allowSelfSigned"]);
export const SECRET_KEYS: Record<ChannelType, string[]> = {
  email: ["user", "password"],
  webhook: ["signingSecret"],
  slack: ["webhookUrl"],
  discord: ["webhookUrl"],
  ntfy: ["token"],
  gotify: ["token"],
  telegram: ["botToken"],
  healthchecks: ["pingUrl"],
};

export function valuesFromChannel(c?: ChannelView): ChannelValues {
  if (!c) return { minSeverity: "warning", "config.port": "587" };
  const v: ChannelValues = { name: c.name, minSeverity: c.minSeverity, projectIds: (c.projectIds ?? []).join(",") };
  for (const [k, val] of Object.entries(c.config)) {
    v[`config.${k}`] = Array.isArray(val)
      ? val.join(", ")
      : typeof val === "boolean"
        ? val
          ? "true"
          : ""
        : String(val ?? "");
  }
  return v;
}

export function channelBodyFromValues(type: ChannelType, v: ChannelValues): TChannelInput {
  const config: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS[type]) {
    const raw = (v[`config.${k}`] ?? "").trim();
    if (BOOLEAN_KEYS.has(k)) config[k] = raw === "true";
    else if (k === "to") config[k] = raw.split(/[,;\s]+/).filter(Boolean);
    else if (raw !== "" || k === "host" || k === "url" || k === "from" || k === "chatId" || k === "environmentId")
      config[k] = raw;
  }
  const secrets: Record<string, string> = {};
  for (const k of SECRET_KEYS[type]) if (v[`secrets.${k}`]) secrets[k] = v[`secrets.${k}`]!;
  const projectIds = (v.projectIds ?? "").split(",").filter(Boolean);
  return {
    type,
    name: v.name ?? "",
    config,
    secrets,
    minSeverity: (v.minSeverity as "info" | "warning" | "critical") || "warning",
    ...(projectIds.length ? { projectIds } : {}),
  } as TChannelInput;
}

/** Field errors from the shared schema (first message per path), or null when the body is valid. */
export function checkChannelBody(body: TChannelInput): Record<string, string> | null {
  const r = ZChannelInput.safeParse(body);
  if (r.success) return null;
  const out: Record<string, string> = {};
  for (const i of r.error.issues) {
    const path = i.path.filter((p) => typeof p === "string").join(".");
    out[path] ??= i.message;
  }
  return out;
}
