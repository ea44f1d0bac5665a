/* The Alerts page's filters as links (shareable URLs, no client state): state tabs and kind chips. */
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { ALERT_KIND_LABELS, type AlertKind } from "@/lib/alerts/schema";

const STATES = [
  { value: "open", label: "Open" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
] as const;

const SHOWN_KINDS: AlertKind[] = ["backup_failed", "overdue", "destination_unreachable", "job_stuck"];

function href(state: string, kind?: string) {
  const q = new URLSearchParams({ state });
  if (kind) q.set("kind", kind);
  return `/alerts?${q}`;
}

const pill = (active: boolean) =>
  cn(
    "rounded-md px-2.5 py-1 text-sm font-medium transition-colors",
    active
      ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
      : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
  );

export function AlertFilters({ state, kind }: { state: string; kind?: string }) {
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
      <nav aria-label="Alert state" className="flex gap-1">
        {STATES.map((s) => (
          <Link
            key={s.value}
            href={href(s.value, kind)}
            className={pill(state === s.value)}
            aria-current={state === s.value ? "page" : undefined}
            data-testid={`alerts-state-${s.value}`}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <nav aria-label="Alert kind" className="flex flex-wrap gap-1 text-xs">
        <Link href={href(state)} className={pill(!kind)}>
          Every kind
        </Link>
        {SHOWN_KINDS.map((k) => (
          <Link key={k} href={href(state, k)} className={pill(kind === k)}>
            {ALERT_KIND_LABELS[k]}
          </Link>
        ))}
      </nav>
    </div>
  );
}
