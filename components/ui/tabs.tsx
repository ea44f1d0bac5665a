/* Tabs, two kinds with one look:
 *  - Tabs/TabsList/TabsTrigger/TabsContent: Radix tabs for switching panels inside one page.
 *  - LinkTabs: tabs that are routes (the environment's Backups / Monitoring / Sources); the active tab
 *    is the one whose href prefixes the current path, and it gets aria-current="page". */
"use client";
import * as TabsPrimitive from "@radix-ui/react-tabs";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { cn } from "./cn";

const listClasses = "flex items-center gap-1 border-b border-zinc-200 dark:border-zinc-800";
const triggerClasses =
  "-mb-px inline-flex h-9 items-center gap-1.5 border-b-2 border-transparent px-3 text-sm font-medium text-zinc-500 " +
  "hover:text-zinc-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-zinc-400 dark:hover:text-zinc-100 [&_svg]:size-4";
const activeClasses = "border-indigo-600 text-zinc-900 dark:border-indigo-400 dark:text-zinc-50";

export const Tabs = TabsPrimitive.Root;
export const TabsContent = TabsPrimitive.Content;

export function TabsList({ className, ...props }: ComponentPropsWithoutRef<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List className={cn(listClasses, className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: ComponentPropsWithoutRef<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        triggerClasses,
        "data-[state=active]:border-indigo-600 data-[state=active]:text-zinc-900 dark:data-[state=active]:border-indigo-400 dark:data-[state=active]:text-zinc-50",
        className,
      )}
      {...props}
    />
  );
}

export type LinkTab = { href: string; label: ReactNode; icon?: ReactNode; testId?: string };

export function LinkTabs({ tabs, className, end }: { tabs: LinkTab[]; className?: string; end?: ReactNode }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Sections" data-print="hide" className={cn(listClasses, className)}>
      {tabs.map((t) => {
        const active = pathname === t.href || pathname.startsWith(`${t.href}/`);
        return (
          <Link
            key={t.href}
            href={t.href}
            data-testid={t.testId}
            aria-current={active ? "page" : undefined}
            className={cn(triggerClasses, active && activeClasses)}
          >
            {t.icon}
            {t.label}
          </Link>
        );
      })}
      {end ? <div className="ml-auto flex items-center gap-2 pb-1">{end}</div> : null}
    </nav>
  );
}
