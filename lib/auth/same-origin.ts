/* The same-origin rule for cookie-authenticated writes to /api/v1: a browser's Origin must name this
 * server. The host is the Host header; X-Forwarded-Host only counts with LIFEBOAT_TRUST_PROXY=on (else a
 * client could send any value and pass the check). Requests without Origin are not from a browser. */
import { env } from "@/lib/env";

export function requestHost(headers: Headers): string | null {
  const forwarded = env().LIFEBOAT_TRUST_PROXY === "on" ? headers.get("x-forwarded-host") : null;
  return forwarded?.split(",")[0]?.trim() || headers.get("host");
}

export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true; // non-browser clients send no Origin; browsers always do on cross-site POSTs
  try {
    return new URL(origin).host === requestHost(req.headers);
  } catch {
    return false;
  }
}
