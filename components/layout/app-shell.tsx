/* The panel frame around every signed-in page: top bar (logo, dark-mode toggle, user menu) and the
 * sidebar navigation; the page renders in the main column. Receives the actor from the (panel) layout,
 * which has already checked the session on the server. Navigation is marked data-print="hide" (printed
 * pages such as the DR runbook show content only; app/globals.css). */
import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "./logo";
import { SidebarNav } from "./sidebar-nav";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function AppShell({
  user,
  openAlerts = 0,
  children,
}: {
  user: { email: string; role: string };
  openAlerts?: number;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-1.5 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <header
        data-print="hide"
        className="sticky top-0 z-30 flex h-12 shrink-0 items-center justify-between border-b border-zinc-200 bg-white/90 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90"
      >
        <Link
          href="/dashboard"
          className="flex items-center gap-2 text-sm font-semibold tracking-tight"
          data-testid="logo"
        >
          <Logo className="size-6" />
          Lifeboat
        </Link>
        <div className="flex items-center gap-1">
          <ThemeToggle />
          <UserMenu email={user.email} role={user.role} />
        </div>
      </header>
      <div
        data-print="hide"
        className="overflow-x-auto border-b border-zinc-200 bg-zinc-50 md:hidden dark:border-zinc-800 dark:bg-zinc-950"
      >
        <SidebarNav isAdmin={user.role === "admin"} openAlerts={openAlerts} horizontal />
      </div>
      <div className="flex flex-1">
        <aside
          data-print="hide"
          className="hidden w-52 shrink-0 border-r border-zinc-200 bg-zinc-50 md:block dark:border-zinc-800 dark:bg-zinc-950"
        >
          <div className="sticky top-12">
            <SidebarNav isAdmin={user.role === "admin"} openAlerts={openAlerts} />
          </div>
        </aside>
        <main id="main" className="min-w-0 flex-1 px-6 py-5 lg:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
