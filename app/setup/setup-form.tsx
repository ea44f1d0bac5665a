/* The setup form: e-mail, name, password twice. Checks everything in the browser first (ZSetupForm:
 * every problem at once, a short password and a differing repeat both shown), then creates the first
 * admin on the server, signs in with the same credentials and opens the dashboard. */
"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { zodFields } from "@/lib/http/zod-fields";
import { ZSetupForm } from "@/lib/users/setup-schema";
import { createFirstAdminAction } from "./actions";

export function SetupForm() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({});
  const form = useActionForm(createFirstAdminAction, {
    onSuccess: async () => {
      const res = await signIn("credentials", { email, password, redirect: false });
      router.replace(res?.ok ? "/dashboard" : "/login");
      router.refresh();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = ZSetupForm.safeParse({ email, name, password, repeat });
    if (!checked.success) {
      form.reset();
      setCheckErrors(zodFields(checked.error));
      return;
    }
    setCheckErrors({});
    void form.submit({ email, name, password });
  }

  const fieldError = (k: string) => checkErrors[k] ?? form.fieldError(k);

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" noValidate data-testid="setup-form">
      <TextField
        id="email"
        label="E-mail"
        type="email"
        autoComplete="username"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldError("email")}
        autoFocus
      />
      <TextField
        id="name"
        label="Name (optional)"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError("name")}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError("password")}
        hint="At least 10 characters."
      />
      <TextField
        id="repeat"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={fieldError("repeat")}
      />
      <FormError message={form.formError} />
      <Button type="submit" variant="primary" loading={form.pending} className="mt-1 w-full" data-testid="setup-submit">
        Create admin and sign in
      </Button>
    </form>
  );
}
