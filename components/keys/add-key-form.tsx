/* "Add key": a password the admin chooses for someone else (an auditor, a break-glass envelope), a
 * label, and the admin's own password again. Passwords are cleared as soon as the request returns. */
"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { KeyActions } from "./key-actions";

export function AddKeyForm({
  destinationId,
  actions,
  onDone,
  onCancel,
}: {
  destinationId: string;
  actions: KeyActions;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState("");
  const [userName, setUserName] = useState("");
  const [adminPassword, setAdminPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function submit() {
    setPending(true);
    setError(null);
    const r = await actions
      .add(destinationId, { password, adminPassword, ...(userName.trim() ? { userName: userName.trim() } : {}) })
      .catch(() => null);
    setPending(false);
    setAdminPassword("");
    if (!r) return setError("Could not reach the Lifeboat server. Try again.");
    if (!r.ok) {
      setFields(r.error.fields ?? {});
      return setError(r.error.message);
    }
    setPassword("");
    toast.success(`Key ${r.data.id.slice(0, 8)} added`);
    onDone();
  }

  return (
    <form
      className="flex flex-col gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="add-key-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="key-password"
          label="New key's password"
          type="password"
          autoComplete="new-password"
          value={password}
          error={fields.password}
          hint="At least 12 characters. Lifeboat does not keep it."
          onChange={(e) => setPassword(e.target.value)}
          data-testid="key-password"
        />
        <TextField
          id="key-user"
          label="Label (optional)"
          placeholder="auditor"
          value={userName}
          error={fields.userName}
          hint="Shown as the key's user in restic."
          onChange={(e) => setUserName(e.target.value)}
          data-testid="key-user"
        />
      </div>
      <TextField
        id="key-admin-password"
        label="Your password, to confirm it is you"
        type="password"
        autoComplete="current-password"
        value={adminPassword}
        error={fields.adminPassword}
        hint="Adding a key is recorded in the audit log."
        onChange={(e) => setAdminPassword(e.target.value)}
        data-testid="key-admin-password"
      />
      <FormError message={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          variant="primary"
          loading={pending}
          disabled={!password || !adminPassword}
          data-testid="add-key-submit"
        >
          Add key
        </Button>
      </div>
    </form>
  );
}
