/* What the sign-in page may say. next-auth puts the sign-in error into the URL (?error=…), so the page
 * shows only the messages of the codes listed here — never the text from the URL (a phishing vector).
 * The credentials provider throws these codes (authorize in auth-options.ts), single sign-on returns the
 * Sso* ones (oidc-sign-in.ts); "RateLimited:<seconds>"
 * carries the wait as digits only. Browser-safe, pure. */

export const LOGIN_ERROR_MESSAGES = {
  CredentialsSignin: "The e-mail or password is wrong.",
  SessionRequired: "Sign in to continue.",
  AccountDisabled: "This account is disabled. Ask an admin to enable it.",
  RateLimited: "Too many failed sign-ins. Wait a little and try again.",
  // Single sign-on (lib/auth/oidc-sign-in.ts), and next-auth's own codes for a failed OAuth round trip.
  SsoDomainNotAllowed:
    "Your e-mail domain may not sign in to this Lifeboat. Use an account of an allowed domain, or ask an admin.",
  SsoNoEmail: "The single sign-on provider did not share your e-mail address, so Lifeboat cannot sign you in.",
  SsoEmailUnverified: "Your e-mail address is not verified at the single sign-on provider. Verify it there first.",
  OAuthSignin: "Single sign-on could not start: the provider did not answer. Try again, or ask an admin.",
  OAuthCallback: "Single sign-on did not complete. Try again, or sign in with your e-mail and password.",
  Callback: "Single sign-on did not complete. Try again, or sign in with your e-mail and password.",
  AccessDenied: "Single sign-on was refused. Ask an admin if you should have access.",
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
