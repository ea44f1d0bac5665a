/* E-mail over SMTP with nodemailer: TLS from the start (`secure`, port 465) or STARTTLS when the server
 * offers it (`requireTls` refuses to send without it), AUTH when a user is stored. SMTP failures become
 * words: refused connection, rejected login, rejected recipient. */
import "server-only";
import nodemailer from "nodemailer";
import { plainText, type NotifyMessage } from "../message";
import { DeliveryError } from "./http-post";

export type EmailConfig = {
  host: string;
  port: number;
  secure?: boolean;
  requireTls?: boolean;
  allowSelfSigned?: boolean;
  from: string;
  to: string[];
};

function smtpWords(e: unknown, config: EmailConfig): string {
  const err = e as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${config.host}:${config.port}`;
  if (err.code === "ECONNREFUSED" || /ECONNREFUSED/.test(err.message ?? ""))
    return `Could not reach the SMTP server ${where}: connection refused. Check host and port.`;
  if (err.code === "EDNS" || err.code === "ENOTFOUND")
    return `The SMTP host ${config.host} does not resolve. Check the host name.`;
  if (err.code === "ETIMEDOUT" || err.code === "ECONNECTION")
    return `Could not connect to the SMTP server ${where} (${err.message}). Check host, port and the TLS setting.`;
  if (err.code === "EAUTH")
    return `The SMTP server ${where} refused the login (${err.response ?? err.message}). Check user and password.`;
  if (err.code === "ETLS" || /STARTTLS/i.test(err.message ?? ""))
    return `TLS with ${where} failed (${err.message}). Check the TLS setting: port 465 uses TLS from the start, 587 uses STARTTLS.`;
  if (err.code === "EENVELOPE")
    return `The SMTP server refused the sender or a recipient (${err.response ?? err.message}).`;
  return `Sending through ${where} failed: ${err.response ?? err.message ?? String(e)}`;
}

export type EmailAttachment = { filename: string; content: Buffer | string; contentType: string };

/** Sends `m` through the SMTP server of `config`; `extra` (e-mailed reports) overrides the recipients
 * and adds attachments. */
export async function sendEmail(
  config: EmailConfig,
  secrets: { user?: string; password?: string },
  m: NotifyMessage,
  extra: { to?: string[]; attachments?: EmailAttachment[] } = {},
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure ?? config.port === 465,
    requireTLS: config.requireTls ?? false,
    auth: secrets.user ? { user: secrets.user, pass: secrets.password ?? "" } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // A private relay often has a self-signed certificate; accepted only when the admin says so.
    tls: { rejectUnauthorized: !config.allowSelfSigned },
  });
  try {
    await transport.sendMail({
      from: config.from,
      to: extra.to ?? config.to,
      subject: m.title,
      text: `${plainText(m)}\n\n— Lifeboat, ${m.sentAt}`,
      headers: { "X-Lifeboat-Event": m.event },
      attachments: extra.attachments,
    });
  } catch (e) {
    throw new DeliveryError(smtpWords(e, config));
  } finally {
    transport.close();
  }
}
