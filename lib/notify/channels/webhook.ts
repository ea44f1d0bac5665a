/* Generic webhook: POSTs the JSON body documented in API.md ({event, alert, alerts?, sentAt}) and, when
 * a signing secret is set, `X-Lifeboat-Signature: sha256=<hex HMAC-SHA256 of the exact body>`. */
import "server-only";
import crypto from "node:crypto";
import type { NotifyMessage } from "../message";
import { httpPost, JSON_HEADERS } from "./http-post";

export function webhookBody(m: NotifyMessage): string {
  return JSON.stringify({
    event: m.event,
    alert: m.alerts[0] ?? null,
    ...(m.alerts.length > 1 ? { alerts: m.alerts } : {}),
    title: m.title,
    text: m.lines.join("\n"),
    sentAt: m.sentAt,
  });
}

export function signBody(body: string, secret: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function sendWebhook(
  config: { url: string },
  secrets: { signingSecret?: string },
  m: NotifyMessage,
): Promise<void> {
  const body = webhookBody(m);
  const headers: Record<string, string> = { ...JSON_HEADERS, "x-lifeboat-event": m.event };
  if (secrets.signingSecret) headers["x-lifeboat-signature"] = signBody(body, secrets.signingSecret);
  await httpPost(config.url, body, headers, "webhook URL");
}
