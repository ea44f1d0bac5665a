/* What each notification channel type needs, declared once and shared by the Channels form (validated in
 * the browser), the server actions, the REST API and the senders: a discriminated union on `type` with
 * non-secret `config` (shown again) and `secrets` (sealed at rest, write-only: never sent back; on edit an
 * empty secret keeps the stored one). Browser-safe: no server imports. */
import { z } from "zod";

export const CHANNEL_TYPES = [
  "email",
  "webhook",
  "slack",
  "discord",
  "ntfy",
  "gotify",
  "telegram",
  "healthchecks",
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  email: "E-mail (SMTP)",
  webhook: "Webhook (JSON)",
  slack: "Slack",
  discord: "Discord",
  ntfy: "ntfy",
  gotify: "Gotify",
  telegram: "Telegram",
  healthchecks: "Healthchecks ping",
};

const ZChannelName = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");

export function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === "http:" || p === "https:";
  } catch {
    return false;
  }
}
const ZUrl = (hint: string) => z.string().trim().min(1, hint).max(2048).refine(isHttpUrl, hint);
const optionalSecret = z
  .string()
  .max(4096)
  .optional()
  .transform((v) => (v ? v : undefined));
const ZEmailAddress = z.string().trim().email("Enter an e-mail address such as ops@example.com");

const ZEmailConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1, "Enter the SMTP server's host name, e.g. smtp.example.com")
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "Enter a host name or IP address only (no scheme or port)"),
  port: z.coerce
    .number({ error: "Enter a port number" })
    .int("Enter a whole port number")
    .min(1, "Ports are 1–65535")
    .max(65535, "Ports are 1–65535"),
  /** true: TLS from the first byte (port 465). false: plain, upgraded with STARTTLS when offered. */
  secure: z.boolean().optional(),
  /** Refuse to send unless the server upgrades to TLS (STARTTLS required). */
  requireTls: z.boolean().optional(),
  /** Accept a self-signed certificate (a private relay); off by default. */
  allowSelfSigned: z.boolean().optional(),
  from: ZEmailAddress,
  to: z.array(ZEmailAddress).min(1, "Enter at least one recipient").max(50, "Use at most 50 recipients"),
});
const ZEmailSecrets = z.object({ user: optionalSecret, password: optionalSecret });

const ZWebhookConfig = z.object({ url: ZUrl("Enter the URL to POST to, e.g. https://hooks.example.com/lifeboat") });
const ZWebhookSecrets = z.object({ signingSecret: optionalSecret });

const ZHookSecrets = (hint: string) => z.object({ webhookUrl: ZUrl(hint).optional() });

const ZNtfyConfig = z.object({
  url: ZUrl("Enter the topic URL, e.g. https://ntfy.sh/lifeboat-acme"),
  priority: z.coerce.number().int().min(1, "Priority is 1–5").max(5, "Priority is 1–5").optional(),
});
const ZGotifyConfig = z.object({ url: ZUrl("Enter the Gotify server URL, e.g. https://gotify.example.com") });
const ZTelegramConfig = z.object({
  chatId: z
    .string()
    .trim()
    .regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$/, "Enter the numeric chat id (e.g. -1001234567890) or @channelname"),
  /** A self-hosted Bot API server (telegram-bot-api); empty means https://api.telegram.org. */
  apiBaseUrl: ZUrl("Enter the Bot API server URL, e.g. https://api.telegram.org")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
const ZHealthchecksConfig = z.object({
  /** The environment whose backups are pinged (start/success/fail). */
  environmentId: z.string().uuid("Choose the environment whose backups this check watches"),
});

const common = {
  name: ZChannelName,
  projectIds: z.array(z.string().uuid()).max(500).optional(),
  minSeverity: z.enum(SEVERITIES).optional(),
};

/** Create: secrets required where the channel cannot work without them. */
export const ZChannelInput = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("email"), config: ZEmailConfig, secrets: ZEmailSecrets.optional() }),
  z.object({ ...common, type: z.literal("webhook"), config: ZWebhookConfig, secrets: ZWebhookSecrets.optional() }),
  z.object({
    ...common,
    type: z.literal("slack"),
    config: z.object({}).optional().default({}),
    secrets: ZHookSecrets("Paste the Slack incoming-webhook URL (https://hooks.slack.com/services/…)").optional(),
  }),
  z.object({
    ...common,
    type: z.literal("discord"),
    config: z.object({}).optional().default({}),
    secrets: ZHookSecrets("Paste the Discord webhook URL (https://discord.com/api/webhooks/…)").optional(),
  }),
  z.object({
    ...common,
    type: z.literal("ntfy"),
    config: ZNtfyConfig,
    secrets: z.object({ token: optionalSecret }).optional(),
  }),
  z.object({
    ...common,
    type: z.literal("gotify"),
    config: ZGotifyConfig,
    secrets: z.object({ token: optionalSecret }).optional(),
  }),
  z.object({
    ...common,
    type: z.literal("telegram"),
    config: ZTelegramConfig,
    secrets: z.object({ botToken: optionalSecret }).optional(),
  }),
  z.object({
    ...common,
    type: z.literal("healthchecks"),
    config: ZHealthchecksConfig,
    secrets: z
      .object({ pingUrl: ZUrl("Paste the check's ping URL, e.g. https://hc-ping.com/<uuid>").optional() })
      .optional(),
  }),
]);
export type TChannelInput = z.input<typeof ZChannelInput>;
export type ChannelInput = z.output<typeof ZChannelInput>;

/** Which secret each type cannot work without (checked on create; on edit the stored one counts). */
export const REQUIRED_SECRET: Partial<Record<ChannelType, { key: string; message: string }>> = {
  slack: { key: "webhookUrl", message: "Paste the Slack incoming-webhook URL" },
  discord: { key: "webhookUrl", message: "Paste the Discord webhook URL" },
  gotify: { key: "token", message: "Paste the Gotify application token" },
  telegram: { key: "botToken", message: "Paste the bot token from @BotFather" },
  healthchecks: { key: "pingUrl", message: "Paste the check's ping URL" },
};

/** Field errors for a missing required secret, or null. `stored` lists secret keys already saved. */
export function missingSecret(input: ChannelInput, stored: string[] = []): Record<string, string> | null {
  const need = REQUIRED_SECRET[input.type];
  if (!need) return null;
  const given = (input.secrets as Record<string, unknown> | undefined)?.[need.key];
  if (given || stored.includes(need.key)) return null;
  return { [`secrets.${need.key}`]: need.message };
}

export const ZChannelId = z.string().uuid("Unknown channel");

export type ChannelView = {
  id: string;
  name: string;
  type: ChannelType;
  config: Record<string, unknown>;
  hasSecret: boolean;
  secretKeys: string[];
  projectIds: string[] | null;
  minSeverity: Severity;
  createdAt: string;
  updatedAt: string;
  /** The latest delivery that finally failed or is being retried, if newer than the last success. */
  problem: { at: string; message: string; attempts: number; retrying: boolean } | null;
  lastDeliveredAt: string | null;
};
