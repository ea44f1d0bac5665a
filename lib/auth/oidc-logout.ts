/* Signing out of the OpenID provider too (OpenID Connect RP-Initiated Logout 1.0): a session that came
 * from the provider keeps its ID token in the encrypted next-auth JWT (never in the session JSON the
 * browser can read); at sign-out the panel asks for the provider's `end_session_endpoint` (from the
 * discovery document, read then, like next-auth's sign-in) and sends the browser there with
 * `id_token_hint`, `client_id` and `post_logout_redirect_uri` = <panel>/login. A local session, a
 * provider that offers no such endpoint or one that does not answer: null (the Lifeboat sign-out alone,
 * as before). */
import "server-only";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { nextAuthSecret } from "./auth-secret";
import { oidcConfig } from "./oidc-config";
import { requestHost } from "./same-origin";

const DISCOVERY_TIMEOUT_MS = 5000;

/** The provider's end-session URL for this ID token (pure). */
export function endSessionUrl(
  endpoint: string,
  p: { idToken: string; clientId: string; postLogoutRedirectUri: string },
): string {
  const url = new URL(endpoint);
  url.searchParams.set("id_token_hint", p.idToken);
  url.searchParams.set("client_id", p.clientId);
  url.searchParams.set("post_logout_redirect_uri", p.postLogoutRedirectUri);
  return url.toString();
}

/** `end_session_endpoint` from the issuer's discovery document, or null (none offered, or no answer). */
export async function discoverEndSessionEndpoint(issuer: string): Promise<string | null> {
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      cache: "no-store",
    });
    if (!res.ok) return null;
    const doc = (await res.json()) as { end_session_endpoint?: unknown };
    const endpoint = doc.end_session_endpoint;
    return typeof endpoint === "string" && /^https?:\/\//.test(endpoint) ? endpoint : null;
  } catch {
    return null;
  }
}

/** This panel's public origin: NEXTAUTH_URL when set, else the request's host (see same-origin.ts). */
function panelOrigin(headers: Headers): string | null {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  const host = requestHost(headers);
  if (!host) return null;
  const proto = env().LIFEBOAT_TRUST_PROXY === "on" ? headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : null;
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** Where the browser goes after the Lifeboat sign-out: the provider's end-session URL for a session that
 * came from it, else null. Reads the session's JWT from the request's cookies. */
export async function providerSignOutUrl(req: {
  cookies: { getAll(): { name: string; value: string }[] };
  headers: Headers;
}): Promise<string | null> {
  const cfg = oidcConfig();
  if (!cfg) return null;
  const token = await getToken({
    req: { cookies: req.cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: nextAuthSecret(),
  });
  const idToken = typeof token?.idToken === "string" ? token.idToken : null;
  if (!idToken) return null;
  const origin = panelOrigin(req.headers);
  const endpoint = await discoverEndSessionEndpoint(cfg.issuer);
  if (!origin || !endpoint) return null;
  return endSessionUrl(endpoint, { idToken, clientId: cfg.clientId, postLogoutRedirectUri: `${origin}/login` });
}
