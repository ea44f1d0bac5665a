/* /setup: the one-time page that creates the first admin. Only while no user exists (no
 * LIFEBOAT_ADMIN_EMAIL at first start); afterwards it sends people to /login. */
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/layout/auth-frame";
import { needsSetup } from "@/lib/users";
import { SetupForm } from "./setup-form";

export const metadata = { title: "Set up Lifeboat" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthFrame>
      <h1 className="mb-1 text-base font-semibold">Welcome to Lifeboat</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400">
        Create the admin account. This page is shown only once, before the first account exists.
      </p>
      <SetupForm />
    </AuthFrame>
  );
}
