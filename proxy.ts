/* Next.js proxy (the former middleware) for the panel's pages: a fresh CSP nonce and the security
 * headers on each page response (lib/http/security-headers.ts), and — unless LIFEBOAT_TRUST_PROXY=on —
 * the requested path for the sign-in redirect, and a client-sent X-Forwarded-Host replaced by the Host header, so Next's own same-origin check of server
 * actions cannot be fooled. /api/* (REST, next-auth) and /metrics are not matched at all: their requests
 * and responses pass untouched (bodies are not buffered here either). TRACE never gets this far
 * (lib/http/server-request-hook.ts answers it with 405). */
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import {
  contentSecurityPolicy,
  NONCE_HEADER,
  newNonce,
  REQUESTED_PATH_HEADER,
  STATIC_SECURITY_HEADERS,
} from "@/lib/http/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  // The page asked for, so that signing in from a deep link lands there (always set here: never the client's).
  headers.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Next.js reads the nonce for its own scripts from the request's CSP header.
  headers.set("content-security-policy", csp);
  if (env().LIFEBOAT_TRUST_PROXY !== "on") {
    const host = request.headers.get("host");
    if (host) headers.set("x-forwarded-host", host);
    else headers.delete("x-forwarded-host");
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  return response;
}

export const config = {
  // Pages only: not /api/*, /metrics, Next's static files or the public/ files (next.config.ts covers those).
  matcher: ["/((?!api/|metrics$|metrics/|_next/static/|_next/image|favicon\\.ico$|logo\\.svg$).*)"],
};
