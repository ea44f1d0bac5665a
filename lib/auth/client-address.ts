/* The client's address for sign-in limits and audit entries. Without a proxy it is the TCP peer: the
 * HTTP server stamps every request with it (lib/http/server-request-hook.ts, a header carrying a random
 * per-process token, so a client cannot forge it). X-Forwarded-For / X-Real-IP are read only with
 * LIFEBOAT_TRUST_PROXY=on — without it they are whatever the client chose to send. */
import crypto from "node:crypto";
import { env } from "@/lib/env";

/** The request header the server hook sets: "<per-process token> <address>". */
export const PEER_HEADER = "x-lifeboat-peer";

const TOKEN_KEY = Symbol.for("lifeboat.peer-header-token");

/** The random token of this process (shared by the hook and the readers through globalThis). */
export function peerHeaderToken(): string {
  const g = globalThis as { [TOKEN_KEY]?: string };
  g[TOKEN_KEY] ??= crypto.randomBytes(18).toString("base64url");
  return g[TOKEN_KEY];
}

export function peerHeaderValue(address: string): string {
  return `${peerHeaderToken()} ${address}`;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; anything that does not look like an address → null. */
function normaliseAddress(raw: string | undefined): string | null {
  const a = raw?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return a && a.length <= 64 && /^[0-9a-f.:]+$/i.test(a) ? a : null;
}

/** The TCP peer's address as the server hook stamped it, or null (no hook, or a forged header). */
export function socketAddress(headers: unknown): string | null {
  const v = headerValue(headers, PEER_HEADER);
  if (!v) return null;
  const space = v.indexOf(" ");
  if (space < 0 || v.slice(0, space) !== peerHeaderToken()) return null;
  return normaliseAddress(v.slice(space + 1));
}

/** The client's address: the proxy's report with LIFEBOAT_TRUST_PROXY=on, else the socket's. */
export function clientIp(headers: unknown): string | null {
  if (env().LIFEBOAT_TRUST_PROXY === "on") {
    const fwd = headerValue(headers, "x-forwarded-for")?.split(",")[0];
    const proxied = normaliseAddress(fwd) ?? normaliseAddress(headerValue(headers, "x-real-ip"));
    if (proxied) return proxied;
  }
  return socketAddress(headers);
}
