/* The one server action of signing out: where the browser goes after the Lifeboat sign-out — the
 * OpenID provider's end-session URL for a session that came from it, else null (lib/auth/oidc-logout.ts).
 * Called before next-auth's signOut, while the session cookie still exists. */
"use server";
import { cookies, headers } from "next/headers";
import { providerSignOutUrl } from "@/lib/auth/oidc-logout";

export async function providerSignOutUrlAction(): Promise<string | null> {
  return providerSignOutUrl({ cookies: await cookies(), headers: await headers() });
}
