/* A plain "Sign out" link for screens without the user menu (the forced password change). */
"use client";
import { signOutEverywhere } from "./sign-out";

export function SignOutLink() {
  return (
    <button
      type="button"
      className="text-indigo-600 hover:underline dark:text-indigo-400"
      onClick={() => void signOutEverywhere()}
      data-testid="sign-out-link"
    >
      Sign out
    </button>
  );
}
