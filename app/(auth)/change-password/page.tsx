/* /change-password: the screen a user whose password an admin reset is sent to from every panel page
 * (require-page-actor) until they chose a new one; nothing else works for them meanwhile (requireActor
 * refuses their actions and API calls). Not signed in → /login; no reset pending → the Account page. */
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/users/change-password-form";
import { SignOutLink } from "@/components/layout/sign-out-link";
import { currentActor } from "@/lib/auth";
import { changePasswordAction } from "@/app/(panel)/account/actions";

export const metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ChangePasswordPage() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (!actor.mustChangePassword) redirect("/account#password");
  return (
    <>
      <h1 className="mb-1 text-base font-semibold">Choose a new password</h1>
      <p className="mb-5 text-sm text-zinc-500 dark:text-zinc-400" data-testid="forced-change-intro">
        An admin reset the password of{" "}
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{actor.email}</span>. Enter the one-time password
        you were given, then the password you will use from now on.
      </p>
      <ChangePasswordForm
        action={changePasswordAction}
        then="dashboard"
        submitLabel="Save and continue"
        currentLabel="One-time password"
      />
      <p className="mt-4 text-xs text-zinc-500">
        Not you, or not now? <SignOutLink />
      </p>
    </>
  );
}
