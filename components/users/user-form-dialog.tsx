/* UserFormDialog: add a user (e-mail, name, role, initial password) or edit one (name, role; a new
 * password is "Reset password" in the row's menu, which also signs them out). Validation is the server's (ZCreateUser/ZUpdateUser); errors show next to the field. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { UserView } from "@/lib/users/user-view";
import type { UserActions } from "./action-types";

export const ROLE_HINTS: Record<string, string> = {
  viewer: "Sees everything, changes nothing.",
  operator: "Also runs backups and restores, and cancels jobs.",
  admin: "Also changes settings, destinations, users and API tokens.",
};

export function UserFormDialog({
  user,
  actions,
  open,
  onOpenChange,
}: {
  user?: UserView;
  actions: Pick<UserActions, "create" | "update">;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("viewer");
  const [password, setPassword] = useState("");
  useEffect(() => {
    if (open) {
      setEmail(user?.email ?? "");
      setName(user?.name ?? "");
      setRole(user?.role ?? "viewer");
      setPassword("");
    }
  }, [open, user]);
  const form = useActionForm(
    (input: Record<string, string>) => (user ? actions.update(user.id, input) : actions.create(input)),
    {
      onSuccess: (u) => {
        toast.success(user ? `${u.email} saved` : `${u.email} added as ${u.role}`);
        onOpenChange(false);
        router.refresh();
      },
    },
  );
  const build = (): Record<string, string> => {
    if (!user) return { email, name, role, password };
    return { name, role };
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) form.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={user ? `Edit ${user.email}` : "Add a user"}
        description={
          user ? undefined : "Give them the e-mail and password; they can create API tokens after signing in."
        }
        testId="user-dialog"
      >
        <form className="flex flex-col gap-3" noValidate onSubmit={form.handleSubmit(build)}>
          {user ? null : (
            <TextField
              id="email"
              label="E-mail"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={form.fieldError("email")}
              autoFocus
            />
          )}
          <TextField
            id="name"
            label="Name (optional)"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={form.fieldError("name")}
          />
          <Field id="role" label="Role" error={form.fieldError("role")} hint={ROLE_HINTS[role]}>
            {(p) => (
              <Select {...p} data-testid="input-role" value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="viewer">viewer</option>
                <option value="operator">operator</option>
                <option value="admin">admin</option>
              </Select>
            )}
          </Field>
          {user ? null : (
            <TextField
              id="password"
              label="Initial password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={form.fieldError("password")}
              hint="At least 10 characters. Share it with them securely."
            />
          )}
          <FormError message={form.formError} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={form.pending} data-testid="user-submit">
              {user ? "Save" : "Add user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
