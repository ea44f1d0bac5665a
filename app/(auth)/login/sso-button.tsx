/* "Sign in with <name>": starts the OpenID Connect redirect (next-auth's oidc provider). Shown by the
 * login page only when single sign-on is configured; after the provider, the browser comes back to
 * callbackUrl when that is a path on this panel (lib/auth/safe-callback-url.ts). */
"use client";
import { KeyRound } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider-id";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";

export function SsoButton({ name }: { name: string }) {
  const params = useSearchParams();
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      className="w-full"
      loading={pending}
      data-testid="sso-sign-in"
      onClick={() => {
        setPending(true);
        const callbackUrl = safeCallbackPath(params.get("callbackUrl"), window.location.origin);
        void signIn(OIDC_PROVIDER_ID, { callbackUrl }).catch(() => setPending(false));
      }}
    >
      <KeyRound aria-hidden /> Sign in with {name}
    </Button>
  );
}
