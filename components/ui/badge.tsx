/* Badge and StatusBadge. Badge is neutral (types, roles, counts) with an optional `tone`.
 * StatusBadge is the only place status colours appear (UX.md): green succeeded/ok, blue running/queued,
 * amber partial/warning, red failed, grey cancelled/paused. Pass the status word; unknown words render
 * grey. Each carries data-status for tests. */
import type { ReactNode } from "react";
import { Ban, CheckCircle2, CircleDashed, Loader2, PauseCircle, TriangleAlert, XCircle } from "lucide-react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "accent" | "green" | "blue" | "amber" | "red" | "grey";

const tones: Record<BadgeTone, string> = {
  neutral: "border-zinc-200 bg-zinc-100 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  accent:
    "border-indigo-200 bg-indigo-50 text-indigo-700 dark:border-indigo-900 dark:bg-indigo-950/60 dark:text-indigo-300",
  green:
    "border-emerald-200 bg-emerald-50 text-emerald-700 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-300",
  blue: "border-sky-200 bg-sky-50 text-sky-700 dark:border-sky-900 dark:bg-sky-950/60 dark:text-sky-300",
  amber: "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-300",
  red: "border-red-200 bg-red-50 text-red-700 dark:border-red-900 dark:bg-red-950/60 dark:text-red-300",
  grey: "border-zinc-200 bg-zinc-50 text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400",
};

export function Badge({
  children,
  tone = "neutral",
  className,
  ...rest
}: { children: ReactNode; tone?: BadgeTone; className?: string } & Record<`data-${string}`, string>) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-px text-xs font-medium [&_svg]:size-3",
        tones[tone],
        className,
      )}
      {...rest}
    >
      {children}
    </span>
  );
}

type StatusLook = { tone: BadgeTone; icon: ReactNode; label?: string };

const STATUS: Record<string, StatusLook> = {
  succeeded: { tone: "green", icon: <CheckCircle2 aria-hidden />, label: "succeeded" },
  success: { tone: "green", icon: <CheckCircle2 aria-hidden /> },
  ok: { tone: "green", icon: <CheckCircle2 aria-hidden /> },
  healthy: { tone: "green", icon: <CheckCircle2 aria-hidden /> },
  active: { tone: "green", icon: <CheckCircle2 aria-hidden /> },
  running: { tone: "blue", icon: <Loader2 className="animate-spin" aria-hidden /> },
  queued: { tone: "blue", icon: <CircleDashed aria-hidden /> },
  partial: { tone: "amber", icon: <TriangleAlert aria-hidden /> },
  warning: { tone: "amber", icon: <TriangleAlert aria-hidden /> },
  "at risk": { tone: "amber", icon: <TriangleAlert aria-hidden /> },
  denied: { tone: "amber", icon: <Ban aria-hidden /> },
  failed: { tone: "red", icon: <XCircle aria-hidden /> },
  failure: { tone: "red", icon: <XCircle aria-hidden /> },
  failing: { tone: "red", icon: <XCircle aria-hidden /> },
  cancelled: { tone: "grey", icon: <Ban aria-hidden /> },
  paused: { tone: "grey", icon: <PauseCircle aria-hidden /> },
  disabled: { tone: "grey", icon: <Ban aria-hidden /> },
};

export function StatusBadge({ status, label, className }: { status: string; label?: ReactNode; className?: string }) {
  const look = STATUS[status] ?? { tone: "grey" as const, icon: null };
  return (
    <Badge tone={look.tone} className={className} data-status={status}>
      {look.icon}
      {label ?? look.label ?? status}
    </Badge>
  );
}
