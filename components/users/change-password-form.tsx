/* ChangePasswordForm: current password, new password, repeat (the rules are ZChangePassword's, checked
 * on the server; every problem shows next to its field at once). Used on the Account page and on the
 * forced /change-password screen after an admin's reset. Says what the change did: other sessions
 * signed out, API tokens revoked. */
"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ChangePasswordAction } from "./action-types";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ChangePasswordForm({
  action,
  then = "refresh",
  submitLabel = "Change password",
  currentLabel = "Current password",
}: {
  action: ChangePasswordAction;
  /** After the change: stay and refresh (Account page), or go to the dashboard (the forced screen). */
  then?: "refresh" | "dashboard";
  submitLabel?: string;
  /** "One-time password" on the forced screen after an admin's reset. */
  currentLabel?: string;
}) {
  const router = useRouter();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [repeatPassword, setRepeat] = useState("");
  const form = useActionForm(action, {
    onSuccess: (r) => {
      setCurrent("");
      setNew("");
      setRepeat("");
      toast.success(
        `Password changed. ${plural(r.sessionsRevoked, "other session was", "other sessions were")} signed out ` +
          `and ${plural(r.tokensRevoked, "API token was", "API tokens were")} revoked.`,
      );
      if (then === "dashboard") router.replace("/dashboard");
      router.refresh();
    },
  });
  return (
    <form
      className="flex max-w-sm flex-col gap-3"
      noValidate
      data-testid="change-password-form"
      onSubmit={form.handleSubmit(() => ({ currentPassword, newPassword, repeatPassword }))}
    >
      <TextField
        id="currentPassword"
        label={currentLabel}
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(e) => setCurrent(e.target.value)}
        error={form.fieldError("currentPassword")}
      />
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
        error={form.fieldError("newPassword")}
        hint="At least 10 characters."
      />
      <TextField
        id="repeatPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={repeatPassword}
        onChange={(e) => setRepeat(e.target.value)}
        error={form.fieldError("repeatPassword")}
      />
      <FormError message={form.formError} />
      <div>
        <Button type="submit" variant="primary" loading={form.pending} data-testid="change-password-submit">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
