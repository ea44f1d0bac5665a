/* The sign-in form: e-mail + password through next-auth's credentials provider. The server's message is
 * shown as it is (wrong password, account disabled, "Too many failed sign-ins. Try again in N
 * minutes."); what was typed in the e-mail field stays. */
"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";

function messageFor(error: string): string {
  if (error === "CredentialsSignin") return "The e-mail or password is wrong.";
  if (error === "SessionRequired") return "Sign in to continue.";
  return error;
}

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(() => {
    const e = params.get("error");
    return e ? messageFor(e) : null;
  });

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
        setError(messageFor(res?.error ?? "Could not reach the Lifeboat server. Try again."));
        setPassword("");
        setPending(false);
        return;
      }
      const next = params.get("callbackUrl");
      const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/dashboard";
      router.replace(target);
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
