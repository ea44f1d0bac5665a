/* next-auth v4 configuration: e-mail + password (credentials provider) with JWT sessions. The JWT only
 * carries the user id and the id of its user_sessions row (lib/auth/sessions.ts); role, enabled state
 * and whether that session was revoked are re-read from the database on every request by requireActor,
 * so demoting, disabling or a password change takes effect at once. */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { writeAudit } from "@/lib/audit/write-audit";
import { authenticateCredentials } from "./credentials";
import { nextAuthSecret } from "./auth-secret";
import { endSession, startSession } from "./sessions";

// A self-hosted panel is reached under whatever host it is served on; without NEXTAUTH_URL next-auth
// would otherwise build its redirects for http://localhost:3000. Behind a proxy, set NEXTAUTH_URL.
process.env.AUTH_TRUST_HOST ??= "true";

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's address as a trusted reverse proxy reports it. Without LIFEBOAT_TRUST_PROXY=on these
 * headers are whatever the client chose to send, so they are ignored (the per-e-mail limit still holds). */
export function clientIp(headers: unknown): string | null {
  if (env().LIFEBOAT_TRUST_PROXY !== "on") return null;
  const fwd = headerValue(headers, "x-forwarded-for");
  const ip = fwd?.split(",")[0]?.trim() || headerValue(headers, "x-real-ip");
  return ip || null;
}

export const authOptions: NextAuthOptions = {
  get secret() {
    return nextAuthSecret();
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticateCredentials(
            { email: credentials?.email ?? "", password: credentials?.password ?? "" },
            { ip: clientIp(req?.headers), purpose: "sign_in" },
          );
          return { id: user.id, email: user.email, name: user.name || user.email };
        } catch (e) {
          // next-auth shows the thrown message as ?error=… on the sign-in page (rate limit, disabled).
          if (e instanceof AppError) throw new Error(e.message);
          throw e;
        }
      },
    }),
  ],
  events: {
    async signOut({ token }) {
      if (!token?.sub) return;
      if (typeof token.sid === "string") await endSession(token.sid, "sign_out");
      await writeAudit({
        actor: { id: token.sub, email: token.email ?? "unknown" },
        action: "auth.sign_out",
        target: { type: "user", id: token.sub, name: token.email ?? null },
      });
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = await startSession(user.id);
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
