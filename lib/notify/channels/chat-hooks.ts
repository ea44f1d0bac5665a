/* Slack incoming webhooks and Discord webhooks: the URL (a secret: it is the key) receives a JSON
 * message. Slack gets `text` plus a section block; Discord gets `content` (2,000 characters at most). */
import "server-only";
import type { NotifyMessage } from "../message";
import { DeliveryError, httpPost, JSON_HEADERS } from "./http-post";

function requireUrl(secrets: { webhookUrl?: string }, service: string): string {
  if (!secrets.webhookUrl)
    throw new DeliveryError(`No ${service} webhook URL is stored. Edit the channel and paste it.`);
  return secrets.webhookUrl;
}

export async function sendSlack(_c: unknown, secrets: { webhookUrl?: string }, m: NotifyMessage): Promise<void> {
  const text = `*${m.title}*\n${m.lines.join("\n")}`.slice(0, 3000);
  const body = JSON.stringify({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
  await httpPost(requireUrl(secrets, "Slack"), body, JSON_HEADERS, "Slack webhook URL");
}

export async function sendDiscord(_c: unknown, secrets: { webhookUrl?: string }, m: NotifyMessage): Promise<void> {
  const content = `**${m.title}**\n${m.lines.join("\n")}`.slice(0, 2000);
  await httpPost(
    requireUrl(secrets, "Discord"),
    JSON.stringify({ content, username: "Lifeboat" }),
    JSON_HEADERS,
    "Discord webhook URL",
  );
}
