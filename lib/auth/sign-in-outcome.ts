/* What the panel's sign-in (next-auth authorize) does after the password check: a success marks the
 * browser as a known device (known-device.ts); a failure becomes one of the codes login-errors.ts knows,
 * so the sign-in page never shows text from its URL. */
import "server-only";
import { AppError } from "@/lib/errors";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, issueDeviceToken } from "./known-device";
import { rateLimitedCode } from "./login-errors";
import { SignInThrottled } from "./sign-in-throttle";

/** Sets the known-device cookie on the sign-in response (no-op outside a request). */
export async function rememberDevice(email: string): Promise<void> {
  try {
    const { cookies } = await import("next/headers");
    const secure = (process.env.NEXTAUTH_URL ?? "").startsWith("https:");
    (await cookies()).set(DEVICE_COOKIE, issueDeviceToken(email), {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: DEVICE_COOKIE_MAX_AGE_S,
    });
  } catch {
    /* not in a route handler (tests, scripts) */
  }
}

/** The ?error= code for what authenticateCredentials threw. */
export function signInErrorCode(e: unknown): string {
  if (e instanceof SignInThrottled) return rateLimitedCode(e.retryAfterMs);
  if (e instanceof AppError && e.code === "unauthenticated" && /disabled/i.test(e.message)) return "AccountDisabled";
  if (e instanceof AppError) return "CredentialsSignin";
  throw e;
}
