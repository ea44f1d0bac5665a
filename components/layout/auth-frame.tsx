/* AuthFrame: the layout of the sign-in and one-time setup pages — logo, a centred card, the theme
 * toggle in the corner. */
import type { ReactNode } from "react";
import { Logo } from "./logo";
import { ThemeToggle } from "./theme-toggle";

export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="absolute right-3 top-3">
        <ThemeToggle />
      </div>
      <div className="mb-6 flex items-center gap-2 text-lg font-semibold tracking-tight" data-testid="auth-logo">
        <Logo className="size-7" />
        Lifeboat
      </div>
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        {children}
      </div>
      <p className="mt-6 text-xs text-zinc-500 dark:text-zinc-500">Backups you can restore.</p>
    </div>
  );
}
