/* Known devices: after a successful sign-in the browser gets a signed, long-lived cookie naming the
 * account it signed in to. A sign-in that carries it is not held up by the account's slow-down or the
 * address limit (only by its own per-device limit), so nobody can lock a user out of their own browser
 * by guessing passwords for their e-mail. HMAC-SHA256 with the session secret; nothing secret inside. */
import "server-only";
import crypto from "node:crypto";
import { nextAuthSecret } from "./auth-secret";

export const DEVICE_COOKIE = "lifeboat-device";
export const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

function accountTag(email: string): string {
  return crypto.createHash("sha256").update(email.toLowerCase()).digest("base64url").slice(0, 22);
}

function sign(payload: string): string {
  return crypto.createHmac("sha256", nextAuthSecret()).update(`device:${payload}`).digest("base64url");
}

/** A new device cookie value for `email`: "<device id>.<account tag>.<signature>". */
export function issueDeviceToken(email: string): string {
  const payload = `${crypto.randomBytes(16).toString("base64url")}.${accountTag(email)}`;
  return `${payload}.${sign(payload)}`;
}

/** The device id when `token` is a genuine device cookie for `email`, else null. */
export function knownDeviceId(token: string | null | undefined, email: string): string | null {
  const parts = token?.split(".");
  if (parts?.length !== 3) return null;
  const [id, tag, mac] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${id}.${tag}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return tag === accountTag(email) ? id : null;
}

/** The device cookie's value from a Cookie header (plain record or Headers). */
export function deviceCookieFrom(headers: unknown): string | null {
  const raw =
    typeof (headers as Headers | undefined)?.get === "function"
      ? (headers as Headers).get("cookie")
      : (headers as Record<string, string | undefined> | undefined)?.cookie;
  if (!raw) return null;
  for (const part of raw.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return rest.join("=") || null;
  }
  return null;
}
