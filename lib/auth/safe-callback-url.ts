/* Where to go after signing in: only a path on this panel. `callbackUrl` comes from the URL, so anything
 * a browser could read as another host — "//evil", "/\evil" (browsers treat \ as /), tabs or newlines
 * that browsers strip ("/%09/evil"), an absolute URL elsewhere — falls back to /dashboard.
 * Browser-safe, pure: used by the sign-in form and by next-auth's redirect callback. */

export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

/** A same-origin path ("/projects/x?tab=y") for `target` relative to `origin`, or the fallback. */
export function safeCallbackPath(target: string | null | undefined, origin: string, fallback = DEFAULT_AFTER_SIGN_IN) {
  if (!target) return fallback;
  // Control characters and backslashes have no place in a path we built; refuse instead of guessing.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  if (!target.startsWith("/") && !target.startsWith(base.origin)) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? fallback : path;
}
