/* The sender of each channel type: (config, secrets, message) → delivered, or a DeliveryError whose
 * message says what to fix. Adding a channel type = one file here and one schema branch in ../schema. */
import "server-only";
import type { NotifyMessage } from "../message";
import type { ChannelType } from "../schema";
import { sendDiscord, sendSlack } from "./chat-hooks";
import { sendEmail, type EmailConfig } from "./email";
import { sendHealthchecksPing } from "./healthchecks";
import { sendGotify, sendNtfy, sendTelegram } from "./push";
import { sendWebhook } from "./webhook";

export { DeliveryError } from "./http-post";

type Sender = (config: any, secrets: Record<string, string>, m: NotifyMessage) => Promise<void>;

const SENDERS: Record<ChannelType, Sender> = {
  email: (c: EmailConfig, s, m) => sendEmail(c, s, m),
  webhook: sendWebhook,
  slack: sendSlack,
  discord: sendDiscord,
  ntfy: sendNtfy,
  gotify: sendGotify,
  telegram: sendTelegram,
  healthchecks: sendHealthchecksPing,
};

export function sendThrough(
  type: string,
  config: Record<string, unknown>,
  secrets: Record<string, string>,
  m: NotifyMessage,
): Promise<void> {
  const send = SENDERS[type as ChannelType];
  if (!send) return Promise.reject(new Error(`Unknown channel type "${type}".`));
  return send(config, secrets, m);
}
