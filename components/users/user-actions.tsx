/* Controls that change users (the page is admin-only; the server checks again): "Add user", and per
 * user Edit / Reset password / Disable-Enable / Delete. The server refuses changes to yourself and to the last admin,
 * with a message that says why. */
"use client";
import { Ban, CheckCircle2, KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { UserView } from "@/lib/users/user-view";
import type { UserActions } from "./action-types";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { UserFormDialog } from "./user-form-dialog";

export function NewUserButton({ actions }: { actions: UserActions }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-user">
        <Plus aria-hidden /> Add user
      </Button>
      <UserFormDialog actions={actions} open={open} onOpenChange={setOpen} />
    </>
  );
}

export function UserRowActions({ user, actions }: { user: UserView; actions: UserActions }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<"disable" | "delete" | "reset" | null>(null);

  async function enable() {
    const r = await actions.update(user.id, { disabled: false });
    if (!r.ok) toast.error(r.error.message);
    else {
      toast.success(`${user.email} can sign in again`);
      router.refresh();
    }
  }

  return (
    <>
      <RowActions
        label={`Actions for ${user.email}`}
        testId={`user-actions-${user.email}`}
        items={[
          { key: "edit", label: "Edit", icon: <Pencil aria-hidden />, onSelect: () => setEditing(true) },
          {
            key: "reset-password",
            label: "Reset password",
            icon: <KeyRound aria-hidden />,
            onSelect: () => setConfirm("reset"),
          },
          user.disabled
            ? { key: "enable", label: "Enable", icon: <CheckCircle2 aria-hidden />, onSelect: () => void enable() }
            : {
                key: "disable",
                label: "Disable",
                icon: <Ban aria-hidden />,
                destructive: true,
                onSelect: () => setConfirm("disable"),
              },
          {
            key: "delete",
            label: "Delete",
            icon: <Trash2 aria-hidden />,
            destructive: true,
            onSelect: () => setConfirm("delete"),
          },
        ]}
      />
      <UserFormDialog user={user} actions={actions} open={editing} onOpenChange={setEditing} />
      <ResetPasswordDialog
        user={user}
        resetPassword={actions.resetPassword}
        open={confirm === "reset"}
        onOpenChange={(o) => setConfirm(o ? "reset" : null)}
      />
      <ConfirmDialog
        open={confirm === "disable"}
        onOpenChange={(o) => setConfirm(o ? "disable" : null)}
        title={`Disable ${user.email}?`}
        description="They are signed out at once and their API tokens stop working. You can enable the account again later."
        confirmLabel="Disable"
        onConfirm={async () => {
          const r = await actions.update(user.id, { disabled: true });
          if (!r.ok) return r.error.message;
          toast.success(`${user.email} disabled`);
          router.refresh();
          return null;
        }}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(o) => setConfirm(o ? "delete" : null)}
        title={`Delete ${user.email}?`}
        description="The account and its API tokens are deleted. Audit entries keep their e-mail. To only block sign-in, disable the account instead."
        confirmLabel="Delete user"
        onConfirm={async () => {
          const r = await actions.remove(user.id);
          if (!r.ok) return r.error.message;
          toast.success(`${user.email} deleted`);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
