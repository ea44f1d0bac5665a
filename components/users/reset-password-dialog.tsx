/* ResetPasswordDialog (Users page, admins): confirm, then show the one-time password exactly once with
 * a copy button. Says what the reset does: all the user's sessions signed out, their API tokens revoked,
 * and a new password demanded at their next sign-in. */
"use client";
import { Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import type { UserView } from "@/lib/users/user-view";
import type { UserActions } from "./action-types";

export function ResetPasswordDialog({
  user,
  resetPassword,
  open,
  onOpenChange,
}: {
  user: UserView;
  resetPassword: UserActions["resetPassword"];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [temporary, setTemporary] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        open={open}
        onOpenChange={onOpenChange}
        title={`Reset the password of ${user.email}?`}
        description="They are signed out everywhere at once and their API tokens stop working. You get a one-time password to give them; at their next sign-in they must choose a new one before they can do anything else."
        confirmLabel="Reset password"
        testId="reset-password-confirm"
        onConfirm={async () => {
          const r = await resetPassword(user.id);
          if (!r.ok) return r.error.message;
          setTemporary(r.data.temporaryPassword);
          router.refresh();
          return null;
        }}
      />
      <Dialog open={temporary !== null} onOpenChange={(o) => (o ? undefined : setTemporary(null))}>
        <DialogContent
          title={`One-time password for ${user.email}`}
          description="This is the only time it is shown. Give it to them over a channel you trust; they choose their own password when they sign in with it."
          testId="temporary-password-dialog"
        >
          <div className="flex items-center gap-2">
            <code
              data-testid="temporary-password"
              className="min-w-0 flex-1 break-all rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
            >
              {temporary}
            </code>
            <Button
              size="icon"
              aria-label="Copy the one-time password"
              onClick={() => {
                void navigator.clipboard?.writeText(temporary ?? "").then(() => toast.success("Password copied"));
              }}
            >
              <Copy />
            </Button>
          </div>
          <DialogFooter>
            <Button variant="primary" onClick={() => setTemporary(null)} data-testid="temporary-password-done">
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
