/* A plain "Sign out" link for screens without the user menu (the forced password change). */
"use client";
import { signOut } from "next-auth/react";

export function SignOutLink() {
  return (
    <button
      type="button"
      className="text-indigo-600 hover:underline dark:text-indigo-400"
      onClick={() => void signOut({ callbackUrl: "/login" })}
      data-testid="sign-out-link"
    >
      Sign out
    </button>
  );
}
