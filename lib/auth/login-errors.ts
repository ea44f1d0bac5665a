/* What the sign-in page may say. next-auth puts the sign-in error into the URL (?error=…), so the page
 * shows only the messages of the codes listed here — never the text from the URL (a phishing vector).
 * The credentials provider throws these codes (authorize in auth-options.ts); "RateLimited:<seconds>"
 * carries the wait as digits only. Browser-safe, pure. */

export const LOGIN_ERROR_MESSAGES = {
  CredentialsSignin: "The e-mail or password is wrong.",
  SessionRequired: "Sign in to continue.",
  AccountDisabled: "This account is disabled. Ask an admin to enable it.",
  RateLimited: "Too many failed sign-ins. Wait a little and try again.",
} as const;

export type LoginErrorCode = keyof typeof LOGIN_ERROR_MESSAGES;

const FALLBACK = "Signing in did not work. Try again.";

/** The code authorize throws for a refused wait of `retryAfterMs`. */
export function rateLimitedCode(retryAfterMs: number): string {
  return `RateLimited:${Math.max(1, Math.ceil(retryAfterMs / 1000))}`;
}

function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** The message for an ?error= value: a known code's text, or a generic one for anything else. */
export function loginErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const wait = /^RateLimited:(\d{1,6})$/.exec(code);
  if (wait) return `Too many failed sign-ins. Try again in ${waitInWords(Number(wait[1]))}.`;
  return Object.hasOwn(LOGIN_ERROR_MESSAGES, code) ? LOGIN_ERROR_MESSAGES[code as LoginErrorCode] : FALLBACK;
}
