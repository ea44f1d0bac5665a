/* The panel's main navigation (left sidebar). The current section is highlighted and marked
 * aria-current. On narrow screens the shell shows it as a horizontal strip instead. Users is listed for
 * admins only (the page itself also refuses others on the server). Alerts carries the open-alert count. */
"use client";
import { BellRing, FolderKanban, HardDrive, LayoutDashboard, Layers, Megaphone, ScrollText, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { FileBarChart } from "lucide-react";

const ITEMS = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard, adminOnly: false },
  { href: "/projects", label: "Projects", icon: FolderKanban, adminOnly: false },
  { href: "/alerts", label: "Alerts", icon: BellRing, adminOnly: false },
  { href: "/destinations", label: "Destinations", icon: HardDrive, adminOnly: false },
  { href: "/reports", label: "Reports", icon: FileBarChart, adminOnly: false },
  { href: "/channels", label: "Channels", icon: Megaphone, adminOnly: true },
  { href: "/environment-types", label: "Environment types", icon: Layers, adminOnly: true },
  { href: "/audit", label: "Audit log", icon: ScrollText, adminOnly: true },
  { href: "/users", label: "Users", icon: Users, adminOnly: true },
];

export function SidebarNav({
  isAdmin,
  horizontal = false,
  openAlerts = 0,
}: {
  isAdmin: boolean;
  horizontal?: boolean;
  /** Open alerts nobody acknowledged or muted, shown next to "Alerts". */
  openAlerts?: number;
}) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Main" className={cn("flex gap-0.5 p-2", horizontal ? "flex-row" : "flex-col")}>
      {ITEMS.filter((i) => isAdmin || !i.adminOnly).map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(href + "/");
        return (
          <Link
            key={href}
            href={href}
            data-testid={horizontal ? undefined : `nav-${href.slice(1)}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex h-8 shrink-0 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors",
              "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
              active
                ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
            )}
          >
            <Icon className={cn("size-4", active ? "text-indigo-600 dark:text-indigo-400" : "")} aria-hidden />
            {label}
            {href === "/alerts" && openAlerts > 0 ? (
              <span
                className="ml-auto rounded-full bg-red-600 px-1.5 py-px text-[11px] font-semibold leading-4 text-white tabular-nums"
                data-testid={horizontal ? undefined : "nav-alerts-count"}
              >
                {openAlerts > 99 ? "99+" : openAlerts}
                <span className="sr-only"> open alerts</span>
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
