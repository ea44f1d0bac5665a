/* The next-auth provider for single sign-on with OpenID Connect (authorization code + PKCE + state, a
 * confidential client). next-auth reads the issuer's discovery document at each sign-in, not at start-up,
 * so the panel starts while the provider is down. The profile is the ID token's claims merged with the
 * userinfo response (providers put e-mail and groups in either); completeOidcSignIn decides the rest. */
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { OIDC_PROVIDER_ID, type OidcConfig } from "./oidc-config";

type OidcProfile = Record<string, unknown> & { sub: string; email?: string; name?: string };

export function oidcProvider(cfg: OidcConfig): OAuthConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: cfg.name,
    type: "oauth",
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: cfg.scope } },
    idToken: true,
    checks: ["pkce", "state"],
    userinfo: {
      async request({ client, tokens }) {
        // At run time this is openid-client's TokenSet (the ID token already verified by next-auth).
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): OidcProfile };
        const fromIdToken = set.claims();
        const info = tokens.access_token ? ((await client.userinfo(set)) as Partial<OidcProfile>) : {};
        return { ...fromIdToken, ...info, sub: fromIdToken.sub };
      },
    },
    profile(profile) {
      return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
    },
  };
}
