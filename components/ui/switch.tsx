/* Switch: an on/off toggle (role="switch", Space/Enter toggle) for settings such as an environment's
 * "Active". Controlled: pass `checked` and `onCheckedChange`. Label it with aria-label or <Label htmlFor>. */
"use client";
import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export function Switch({
  checked,
  onCheckedChange,
  className,
  ...props
}: { checked: boolean; onCheckedChange: (next: boolean) => void } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  "onChange"
>) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50",
        checked ? "bg-indigo-600 dark:bg-indigo-500" : "bg-zinc-300 dark:bg-zinc-700",
        className,
      )}
      {...props}
    >
      <span
        aria-hidden
        className={cn(
          "inline-block size-4 rounded-full bg-white shadow transition-transform",
          checked ? "translate-x-4.5" : "translate-x-0.5",
        )}
      />
    </button>
  );
}
