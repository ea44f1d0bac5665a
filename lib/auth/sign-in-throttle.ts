/* Sign-in throttling that cannot be turned into a lock-out. Three counters in rate_limits (shared by
 * every node):
 *  - per account (login:<e-mail>): after 5 failures each further attempt must wait a growing delay
 *    (1 s, 2 s, 4 s … at most 60 s after the last failure) — a slow-down, never a lock;
 *  - per client address (login-ip:<address>, the socket's unless LIFEBOAT_TRUST_PROXY=on): 30 failures
 *    in 15 minutes, across any e-mails, stops password spraying from one address;
 *  - per known device (login-device:<id>): a browser that signed in to this account before skips the two
 *    above and only meets its own limit (10 failures in 15 minutes), so the right password from the
 *    user's own browser always works however many guesses others make. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { clearRateLimit, hitRateLimit, SIGN_IN_LIMITS } from "./rate-limit";

export { SIGN_IN_LIMITS };

export const MAX_ACCOUNT_DELAY_MS = 60_000;

/** A refused attempt (429); retryAfterMs says how long until the next one is looked at. */
export class SignInThrottled extends AppError {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super("rate_limited", message);
    this.retryAfterMs = retryAfterMs;
  }
}

export type SignInSubject = { email: string; ip: string | null; deviceId: string | null };

/** How long after the last failure the next attempt must wait, for `failures` in a row. */
export function accountDelayMs(failures: number): number {
  const over = failures - SIGN_IN_LIMITS.email.limit;
  return over < 0 ? 0 : Math.min(1000 * 2 ** over, MAX_ACCOUNT_DELAY_MS);
}

const keys = (s: SignInSubject) => ({
  email: `login:${s.email}`,
  ip: s.ip ? `login-ip:${s.ip}` : null,
  device: s.deviceId ? `login-device:${s.deviceId}` : null,
});

async function liveRow(key: string) {
  const [row] = await getDb().select().from(rateLimits).where(eq(rateLimits.key, key));
  return row && row.resetAt.getTime() > Date.now() ? row : null;
}

function inWords(ms: number): string {
  if (ms < 90_000) {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return `${s} second${s === 1 ? "" : "s"}`;
  }
  const m = Math.ceil(ms / 60_000);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** The refusal for this attempt (with the wait), or null when its password may be checked now. */
export async function signInRefusal(s: SignInSubject): Promise<SignInThrottled | null> {
  const k = keys(s);
  const refuse = (what: string, ms: number) =>
    new SignInThrottled(`Too many failed sign-ins ${what}. Try again in ${inWords(ms)}.`, ms);
  if (k.device) {
    const row = await liveRow(k.device);
    if (row && row.count >= SIGN_IN_LIMITS.device.limit)
      return refuse("from this browser", row.resetAt.getTime() - Date.now());
    return null;
  }
  if (k.ip) {
    const row = await liveRow(k.ip);
    if (row && row.count >= SIGN_IN_LIMITS.ip.limit)
      return refuse("from your address", row.resetAt.getTime() - Date.now());
  }
  const row = await liveRow(k.email);
  if (row) {
    const lastFailure = row.resetAt.getTime() - SIGN_IN_LIMITS.email.windowMs;
    const wait = lastFailure + accountDelayMs(row.count) - Date.now();
    if (wait > 0) return refuse("for this account", wait);
  }
  return null;
}

/** Counts a failure per account (sliding: the window restarts at each failure), address and device. */
export async function recordSignInFailure(s: SignInSubject): Promise<void> {
  const k = keys(s);
  const resetAt = new Date(Date.now() + SIGN_IN_LIMITS.email.windowMs);
  await getDb()
    .insert(rateLimits)
    .values({ key: k.email, count: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.resetAt} <= now() then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`${resetAt.toISOString()}::timestamptz`,
      },
    });
  if (k.ip) await hitRateLimit(k.ip, SIGN_IN_LIMITS.ip);
  if (k.device) await hitRateLimit(k.device, SIGN_IN_LIMITS.device);
}

/** A correct password ends the account's slow-down (the address counter runs out by itself). */
export async function recordSignInSuccess(s: SignInSubject): Promise<void> {
  const k = keys(s);
  await clearRateLimit(k.email);
  if (k.device) await clearRateLimit(k.device);
}
