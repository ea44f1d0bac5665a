/* Single sign-on settings (LIFEBOAT_OIDC_*, validated in lib/env.ts) and the two rules they decide:
 * which role an OpenID Connect account gets (from one claim: a string or an array, matched against the
 * admin / operator value lists; anyone else is a viewer) and whether its e-mail domain may sign in.
 * Pure apart from reading env(); no network (the provider's discovery document is fetched lazily by
 * next-auth at the first sign-in, so the panel starts even while the provider is down). */
import { env } from "@/lib/env";
import type { Role } from "./roles";

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string;
  adminValues: string[];
  operatorValues: string[];
  /** lower-case; empty: every domain */
  allowedDomains: string[];
  name: string;
  scope: string;
};

export { OIDC_PROVIDER_ID } from "./oidc-provider-id";

function list(value: string, lower = false): string[] {
  return value
    .split(",")
    .map((v) => (lower ? v.trim().toLowerCase() : v.trim()))
    .filter(Boolean);
}

/** The SSO settings, or null when single sign-on is not configured. */
export function oidcConfig(): OidcConfig | null {
  const e = env();
  if (!e.LIFEBOAT_OIDC_ISSUER || !e.LIFEBOAT_OIDC_CLIENT_ID || !e.LIFEBOAT_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.LIFEBOAT_OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: e.LIFEBOAT_OIDC_CLIENT_ID,
    clientSecret: e.LIFEBOAT_OIDC_CLIENT_SECRET,
    roleClaim: e.LIFEBOAT_OIDC_ROLE_CLAIM,
    adminValues: list(e.LIFEBOAT_OIDC_ADMIN_VALUES),
    operatorValues: list(e.LIFEBOAT_OIDC_OPERATOR_VALUES),
    allowedDomains: list(e.LIFEBOAT_OIDC_ALLOWED_DOMAINS, true).map((d) => d.replace(/^@/, "")),
    name: e.LIFEBOAT_OIDC_NAME,
    scope: e.LIFEBOAT_OIDC_SCOPE,
  };
}

/** The claim's values as strings (a string, a space/comma-free array, or absent). */
function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const v = claims[claim];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

export function roleFromClaims(
  claims: Record<string, unknown>,
  cfg: Pick<OidcConfig, "roleClaim" | "adminValues" | "operatorValues">,
): Role {
  const values = claimValues(claims, cfg.roleClaim);
  if (values.some((v) => cfg.adminValues.includes(v))) return "admin";
  if (values.some((v) => cfg.operatorValues.includes(v))) return "operator";
  return "viewer";
}

export function emailDomainAllowed(email: string, allowedDomains: string[]): boolean {
  const at = email.lastIndexOf("@");
  if (at < 1) return false;
  if (allowedDomains.length === 0) return true;
  return allowedDomains.includes(email.slice(at + 1).toLowerCase());
}
