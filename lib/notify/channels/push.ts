/* Push services: ntfy (POST the text to the topic URL; Title/Priority/Tags headers; optional bearer
 * token), Gotify (POST /message with the application token) and Telegram (Bot API sendMessage; the
 * base URL is configurable for a self-hosted telegram-bot-api server). */
import "server-only";
import { plainText, type NotifyMessage } from "../message";
import { DeliveryError, httpPost, JSON_HEADERS } from "./http-post";

const NTFY_PRIORITY = { info: 3, warning: 4, critical: 5 } as const;
const GOTIFY_PRIORITY = { info: 2, warning: 5, critical: 8 } as const;

/** HTTP header values must be Latin-1; ntfy reads RFC 2047 for anything else. */
function headerSafe(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString("base64")}?=`;
}

export async function sendNtfy(
  config: { url: string; priority?: number },
  secrets: { token?: string },
  m: NotifyMessage,
): Promise<void> {
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    title: headerSafe(m.title),
    priority: String(config.priority ?? NTFY_PRIORITY[m.severity]),
    tags: m.event === "alert.resolved" ? "white_check_mark" : m.event === "test" ? "wave" : "warning",
  };
  if (secrets.token) headers.authorization = `Bearer ${secrets.token}`;
  await httpPost(config.url, plainText(m), headers, "ntfy topic URL");
}

export async function sendGotify(
  config: { url: string },
  secrets: { token?: string },
  m: NotifyMessage,
): Promise<void> {
  if (!secrets.token) throw new DeliveryError("No Gotify application token is stored. Edit the channel and paste it.");
  const url = `${config.url.replace(/\/+$/, "")}/message`;
  const body = JSON.stringify({ title: m.title, message: plainText(m), priority: GOTIFY_PRIORITY[m.severity] });
  await httpPost(url, body, { ...JSON_HEADERS, "x-gotify-key": secrets.token }, "Gotify server URL");
}

export async function sendTelegram(
  config: { chatId: string; apiBaseUrl?: string },
  secrets: { botToken?: string },
  m: NotifyMessage,
): Promise<void> {
  if (!secrets.botToken) throw new DeliveryError("No Telegram bot token is stored. Edit the channel and paste it.");
  const base = (config.apiBaseUrl ?? "https://api.telegram.org").replace(/\/+$/, "");
  const text = `${m.title}\n\n${plainText(m)}`.slice(0, 4096);
  const body = JSON.stringify({ chat_id: config.chatId, text, disable_web_page_preview: true });
  await httpPost(`${base}/bot${secrets.botToken}/sendMessage`, body, JSON_HEADERS, "bot token and chat id");
}
