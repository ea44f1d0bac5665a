/* next-auth v4 configuration: e-mail + password (credentials provider) and, when LIFEBOAT_OIDC_* is set,
 * single sign-on with OpenID Connect (oidc-provider.ts; oidc-sign-in.ts decides who may enter and as
 * which role), with JWT sessions. The JWT only carries the Lifeboat user id and the id of its
 * user_sessions row (lib/auth/sessions.ts); role, enabled state and whether that session was revoked
 * are re-read from the database on every request by requireActor, so demoting, disabling or a password
 * change takes effect at once. A session from the OpenID provider also keeps the provider's ID token in
 * the (encrypted) JWT, never in the session JSON, for signing out of the provider too (oidc-logout.ts). */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { writeAudit } from "@/lib/audit/write-audit";
import { authenticateCredentials } from "./credentials";
import { nextAuthSecret } from "./auth-secret";
import { clientIp } from "./client-address";
import { deviceCookieFrom } from "./known-device";
import { OIDC_PROVIDER_ID, oidcConfig } from "./oidc-config";
import { oidcProvider } from "./oidc-provider";
import { completeOidcSignIn } from "./oidc-sign-in";
import { rememberDevice, signInErrorCode } from "./sign-in-outcome";
import { safeCallbackPath } from "./safe-callback-url";
import { endSession, startSession } from "./sessions";

// A self-hosted panel is reached under whatever host it is served on; without NEXTAUTH_URL next-auth
// would otherwise build its redirects for http://localhost:3000. Behind a proxy, set NEXTAUTH_URL.
process.env.AUTH_TRUST_HOST ??= "true";

/** The client's address (moved to ./client-address; re-exported for existing imports). */
export { clientIp } from "./client-address";

const credentialsProvider = CredentialsProvider({
  name: "E-mail and password",
  credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
  async authorize(credentials, req) {
    const email = credentials?.email ?? "";
    try {
      const user = await authenticateCredentials(
        { email, password: credentials?.password ?? "" },
        { ip: clientIp(req?.headers), purpose: "sign_in", deviceToken: deviceCookieFrom(req?.headers) },
      );
      await rememberDevice(user.email);
      return { id: user.id, email: user.email, name: user.name || user.email };
    } catch (e) {
      // next-auth puts the thrown message into ?error=…; only codes the page knows (login-errors.ts).
      throw new Error(signInErrorCode(e));
    }
  },
});

async function requestIp(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientIp(await headers());
  } catch {
    return null;
  }
}

export const authOptions: NextAuthOptions = {
  get secret() {
    return nextAuthSecret();
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  // A getter: next-auth reads its options per request, so SSO follows env() (lazy, validated once).
  get providers(): Provider[] {
    const sso = oidcConfig();
    return sso ? [credentialsProvider, oidcProvider(sso)] : [credentialsProvider];
  },
  events: {
    async signOut({ token }) {
      if (!token?.sub) return;
      if (typeof token.sid === "string") await endSession(token.sid, "sign_out");
      await writeAudit({
        actor: { id: token.sub, email: token.email ?? "unknown" },
        action: "auth.sign_out",
        target: { type: "user", id: token.sub, name: token.email ?? null },
        ...(token.idToken ? { details: { method: "oidc" } } : {}),
      });
    },
  },
  callbacks: {
    /** SSO: admit (and create or re-map) the Lifeboat user, or send the browser back to /login with a
     * known error code. next-auth hands this same `user` object on to jwt(), so its id becomes ours. */
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const cfg = oidcConfig();
      if (!cfg) return "/login?error=OAuthSignin";
      const result = await completeOidcSignIn((profile ?? {}) as Record<string, unknown>, cfg, await requestIp());
      if (!result.ok) return `/login?error=${result.code}`;
      user.id = result.userId;
      return true;
    },
    // Only paths on this panel (no open redirect through callbackUrl).
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
    },
    async jwt({ token, user, account }) {
      if (user) {
        token.sub = user.id;
        token.sid = await startSession(user.id);
        if (account?.provider === OIDC_PROVIDER_ID && account.id_token) token.idToken = account.id_token;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) {
        const u = session.user as { id?: string; sid?: string };
        u.id = token.sub;
        if (typeof token.sid === "string") u.sid = token.sid;
      }
      return session;
    },
  },
};
