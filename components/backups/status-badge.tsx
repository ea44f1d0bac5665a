/* Status of a backup, restore or source snapshot as a small pill. The only place that maps a status
 * to a colour (UX.md: green succeeded, blue running/queued, amber partial, red failed, grey cancelled),
 * so the colour language stays consistent on every screen. */
import { Check, CircleSlash, Clock, Loader2, TriangleAlert, X } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { BackupStatus } from "./types";

const LOOK: Record<BackupStatus, { label: string; cls: string; Icon: typeof Check }> = {
  succeeded: {
    label: "succeeded",
    cls: "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-400 dark:ring-emerald-400/20",
    Icon: Check,
  },
  running: {
    label: "running",
    cls: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/20",
    Icon: Loader2,
  },
  queued: {
    label: "queued",
    cls: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/20",
    Icon: Clock,
  },
  partial: {
    label: "partial",
    cls: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/20",
    Icon: TriangleAlert,
  },
  failed: {
    label: "failed",
    cls: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-400 dark:ring-red-400/20",
    Icon: X,
  },
  cancelled: {
    label: "cancelled",
    cls: "bg-zinc-100 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-500/10 dark:text-zinc-400 dark:ring-zinc-400/20",
    Icon: CircleSlash,
  },
};

export function StatusBadge({ status, className }: { status: BackupStatus; className?: string }) {
  const look = LOOK[status] ?? LOOK.cancelled;
  const { Icon } = look;
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
        look.cls,
        className,
      )}
    >
      <Icon className={cn("size-3", status === "running" && "animate-spin")} aria-hidden />
      {look.label}
    </span>
  );
}
