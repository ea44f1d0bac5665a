/* /login: sign in with e-mail and password. Already signed in → dashboard; no user exists yet (and no
 * admin from LIFEBOAT_ADMIN_EMAIL) → the one-time setup page. */
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { currentActor } from "@/lib/auth";
import { needsSetup } from "@/lib/users";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await currentActor()) redirect("/dashboard");
  if (await needsSetup()) redirect("/setup");
  return (
    <>
      <h1 className="mb-1 text-base font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">Use the e-mail and password your admin gave you.</p>
      <Suspense>
        <LoginForm />
      </Suspense>
    </>
  );
}
