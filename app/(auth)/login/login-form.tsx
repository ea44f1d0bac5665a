/* The sign-in form: e-mail + password through next-auth's credentials provider. Errors are shown by code
 * only (lib/auth/login-errors.ts: wrong password, account disabled, "Too many failed sign-ins. Try again
 * in N seconds."), never text from the URL; after signing in it goes to callbackUrl only when that is a
 * path on this panel (lib/auth/safe-callback-url.ts). What was typed in the e-mail field stays. */
"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { loginErrorMessage } from "@/lib/auth/login-errors";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(() => loginErrorMessage(params.get("error")));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email || !password) {
      setError("Enter your e-mail and password.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { email, password, redirect: false });
      if (!res || res.error) {
        setError(res ? loginErrorMessage(res.error) : "Could not reach the Lifeboat server. Try again.");
        setPassword("");
        setPending(false);
        return;
      }
      router.replace(safeCallbackPath(params.get("callbackUrl"), window.location.origin));
      router.refresh();
    } catch {
      setError("Could not reach the Lifeboat server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" noValidate data-testid="login-form">
      <TextField
        id="email"
        label="E-mail"
        type="email"
        autoComplete="username"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        autoFocus
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <FormError message={error} />
      <Button type="submit" variant="primary" loading={pending} className="mt-1 w-full" data-testid="login-submit">
        Sign in
      </Button>
    </form>
  );
}
