/* The type-specific fields of the channel form. Keys are the error paths of the shared schema
 * ("config.port", "secrets.botToken"). Secrets are write-only: empty when editing, "stored — leave empty
 * to keep" shown when a value is saved. */
"use client";
import { Field, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { ChannelType } from "@/lib/notify/schema";

type Props = {
  type: ChannelType;
  values: Record<string, string>;
  set: (key: string, value: string) => void;
  error: (key: string) => string | undefined;
  secretKeys: string[];
  environments: { id: string; label: string }[];
};

export function ChannelFields({ type, values, set, error, secretKeys, environments }: Props) {
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
  const secret = (key: string, label: string, hint?: string) => {
    const stored = secretKeys.includes(key.replace("secrets.", ""));
    return text(key, label, {
      type: "password",
      placeholder: stored ? "stored — leave empty to keep" : "",
      hint,
    });
  };
  const check = (key: string, label: string) => (
    <label className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
      <input
        type="checkbox"
        data-testid={`input-${key}`}
        className="size-4 accent-indigo-600"
        checked={values[key] === "true"}
        onChange={(e) => set(key, e.target.checked ? "true" : "")}
      />
      {label}
    </label>
  );
  switch (type) {
    case "email":
      return (
        <>
          <div className="grid grid-cols-[1fr_7rem] gap-3">
            {text("config.host", "SMTP server", { placeholder: "smtp.example.com" })}
            {text("config.port", "Port", { inputMode: "numeric", placeholder: "587" })}
          </div>
          <div className="flex flex-wrap gap-x-5 gap-y-1">
            {check("config.secure", "TLS from the start (port 465)")}
            {check("config.requireTls", "Require STARTTLS")}
            {check("config.allowSelfSigned", "Accept a self-signed certificate")}
          </div>
          <div className="grid grid-cols-2 gap-3">
            {secret("secrets.user", "User (optional)")}
            {secret("secrets.password", "Password")}
          </div>
          {text("config.from", "From", { placeholder: "lifeboat@example.com" })}
          {text("config.to", "To", {
            placeholder: "ops@example.com, oncall@example.com",
            hint: "Separate addresses with commas",
          })}
        </>
      );
    case "webhook":
      return (
        <>
          {text("config.url", "URL", { placeholder: "https://hooks.example.com/lifeboat" })}
          {secret(
            "secrets.signingSecret",
            "Signing secret (optional)",
            "Each request carries X-Lifeboat-Signature: sha256=<HMAC of the body>",
          )}
        </>
      );
    case "slack":
      return secret("secrets.webhookUrl", "Incoming-webhook URL", "https://hooks.slack.com/services/…");
    case "discord":
      return secret("secrets.webhookUrl", "Webhook URL", "https://discord.com/api/webhooks/…");
    case "ntfy":
      return (
        <>
          {text("config.url", "Topic URL", { placeholder: "https://ntfy.sh/lifeboat-acme" })}
          <div className="grid grid-cols-2 gap-3">
            {text("config.priority", "Priority (1–5, optional)", { inputMode: "numeric" })}
            {secret("secrets.token", "Access token (optional)")}
          </div>
        </>
      );
    case "gotify":
      return (
        <>
          {text("config.url", "Server URL", { placeholder: "https://gotify.example.com" })}
          {secret("secrets.token", "Application token")}
        </>
      );
    case "telegram":
      return (
        <>
          {secret("secrets.botToken", "Bot token", "From @BotFather, e.g. 123456:ABC-DEF…")}
          {text("config.chatId", "Chat id", { placeholder: "-1001234567890 or @channel" })}
          {text("config.apiBaseUrl", "Bot API server (optional)", { placeholder: "https://api.telegram.org" })}
        </>
      );
    case "healthchecks":
      return (
        <>
          <Field id="config.environmentId" label="Environment" error={error("config.environmentId")}>
            {(p) => (
              <Select
                {...p}
                data-testid="input-config.environmentId"
                value={values["config.environmentId"] ?? ""}
                onChange={(e) => set("config.environmentId", e.target.value)}
              >
                <option value="">Choose the environment whose backups are pinged…</option>
                {environments.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {secret("secrets.pingUrl", "Ping URL", "Each backup pings it (success) or <url>/fail, with the run's log")}
        </>
      );
  }
}
