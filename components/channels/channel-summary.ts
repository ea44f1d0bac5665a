/* One line that says where a channel sends (shown in the table): recipients, host, topic URL host. */
import type { ChannelView } from "@/lib/notify/schema";

function host(u: unknown): string {
  try {
    return new URL(String(u)).host;
  } catch {
    return String(u ?? "");
  }
}

export function channelTarget(c: ChannelView, envLabel: (id: string) => string | undefined): string {
  const k = c.config;
  switch (c.type) {
    case "email":
      return `${(k.to as string[] | undefined)?.join(", ") ?? ""} via ${k.host}:${k.port}`;
    case "webhook":
    case "ntfy":
    case "gotify":
      return String(k.url ?? "");
    case "telegram":
      return `chat ${k.chatId}${k.apiBaseUrl ? ` via ${host(k.apiBaseUrl)}` : ""}`;
    case "healthchecks":
      return `backups of ${envLabel(String(k.environmentId)) ?? "a deleted environment"}`;
    default:
      return c.secretKeys.includes("webhookUrl") ? "incoming webhook (URL stored)" : "no webhook URL stored";
  }
}
