/* Toasts for the outcome of quick actions ("Project acme created"). <Toaster/> is mounted once in
 * components/providers.tsx and follows the theme; call `toast.success(…)` / `toast.error(…)` anywhere in
 * client code. Forms show their errors inline, not only in a toast (UX.md). */
"use client";
import { useTheme } from "next-themes";
import { Toaster as Sonner, toast } from "sonner";

export { toast };

export function Toaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position="bottom-right"
      closeButton
      toastOptions={{ className: "text-sm" }}
    />
  );
}
