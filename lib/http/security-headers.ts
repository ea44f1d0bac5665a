/* The security headers of every page the panel serves: a nonce-based Content-Security-Policy (scripts run
 * only with this response's nonce; Next.js puts it on its own scripts, next-themes on its inline one),
 * no framing (frame-ancestors 'none' + X-Frame-Options DENY), nosniff and a same-origin Referrer-Policy.
 * Styles allow 'unsafe-inline' because React's style={…} attributes are inline styles; nothing else is
 * inline. proxy.ts sets them on pages; next.config.ts sets the static ones on static files. */

/** Request header that carries the nonce from proxy.ts to the root layout. */
export const NONCE_HEADER = "x-nonce";
/** Request header the proxy sets to the page's path and query, for the sign-in redirect of a deep link. */
export const REQUESTED_PATH_HEADER = "x-lifeboat-requested-path";

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': scripts the nonce'd ones load (Next's chunks) may run; nothing inline without it.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(opts.dev ? ["ws:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}

/** Headers that do not change per response (also sent for static files, see next.config.ts). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];
