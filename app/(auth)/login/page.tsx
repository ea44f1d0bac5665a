/* /login: sign in with e-mail and password, or "Sign in with <name>" when single sign-on is configured
 * (LIFEBOAT_OIDC_*; local accounts keep working beside it). Already signed in → dashboard; no user exists yet (and no
 * admin from LIFEBOAT_ADMIN_EMAIL) → the one-time setup page. */
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { currentActor } from "@/lib/auth";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { needsSetup } from "@/lib/users";
import { LoginForm } from "./login-form";
import { SsoButton } from "./sso-button";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await currentActor()) redirect("/dashboard");
  if (await needsSetup()) redirect("/setup");
  const sso = oidcConfig();
  return (
    <>
      <h1 className="mb-1 text-base font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">
        {sso
          ? `Use your ${sso.name} account, or the e-mail and password your admin gave you.`
          : "Use the e-mail and password your admin gave you."}
      </p>
      {sso ? (
        <>
          <Suspense>
            <SsoButton name={sso.name} />
          </Suspense>
          <div className="my-4 flex items-center gap-3 text-xs text-zinc-400" aria-hidden>
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        </>
      ) : null}
      <Suspense>
        <LoginForm />
      </Suspense>
    </>
  );
}
