/* The signed-in user's menu in the top bar: email, role, links to Account (API tokens) and to changing
 * the password (the Account page's Password card), and Sign out. */
"use client";
import { ChevronDown, KeyRound, LockKeyhole, LogOut } from "lucide-react";
import Link from "next/link";
import { signOutEverywhere } from "./sign-out";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export function UserMenu({ email, role }: { email: string; role: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu"
        className="flex h-8 items-center gap-2 rounded-md px-2 text-sm text-zinc-700 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <span className="flex size-6 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold uppercase text-white">
          {email.slice(0, 1)}
        </span>
        <span className="hidden max-w-48 truncate sm:inline">{email}</span>
        <Badge data-testid="user-role">{role}</Badge>
        <ChevronDown className="size-3.5 text-zinc-400" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-60">
        <DropdownMenuLabel>
          Signed in as <span className="font-medium text-zinc-800 dark:text-zinc-200">{email}</span>
          <br />
          Role: <span className="font-medium text-zinc-800 dark:text-zinc-200">{role}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/account" data-testid="menu-account">
            <KeyRound aria-hidden /> Account and API tokens
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/account#password" data-testid="menu-change-password">
            <LockKeyhole aria-hidden /> Change password
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem data-testid="sign-out" onSelect={() => void signOutEverywhere()}>
          <LogOut aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
