/* Signing out, for every "Sign out" control: ask the server where to go afterwards (the OpenID
 * provider's end-session page for a session that came from it), end the Lifeboat session through
 * next-auth, then go there — or to /login for a local session, as before. */
"use client";
import { signOut } from "next-auth/react";
import { providerSignOutUrlAction } from "@/app/(auth)/sign-out-action";

export async function signOutEverywhere(): Promise<void> {
  const providerUrl = await providerSignOutUrlAction().catch(() => null);
  await signOut({ redirect: false });
  window.location.assign(providerUrl ?? "/login");
}
