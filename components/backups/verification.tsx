/* A backup's verification (API.md §Proof) on the Backups tab: a compact badge per backup (verified /
 * warnings / failed / pending) that opens the verification panel in a dialog, and the panel itself —
 * each check's name, status and message, failures first — also shown on the backup's detail page.
 * Rendering only; the data is the Backup's `verification`. */
"use client";
import { Check, CircleDashed, ShieldAlert, ShieldCheck, ShieldX, TriangleAlert, X } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { TCheckResult, TVerification, VerificationStatus } from "@/lib/proof/schema";
import type { BackupDto } from "./types";

const LOOK: Record<VerificationStatus, { label: string; cls: string; Icon: typeof Check }> = {
  passed: {
    label: "verified",
    cls: "text-emerald-700 ring-emerald-600/25 bg-emerald-50/60 dark:text-emerald-400 dark:ring-emerald-400/25 dark:bg-emerald-500/10",
    Icon: ShieldCheck,
  },
  warning: {
    label: "warnings",
    cls: "text-amber-800 ring-amber-600/30 bg-amber-50 dark:text-amber-300 dark:ring-amber-400/25 dark:bg-amber-500/10",
    Icon: ShieldAlert,
  },
  failed: {
    label: "verify failed",
    cls: "text-red-700 ring-red-600/25 bg-red-50 dark:text-red-400 dark:ring-red-400/25 dark:bg-red-500/10",
    Icon: ShieldX,
  },
  pending: {
    label: "not verified",
    cls: "text-zinc-500 ring-zinc-400/30 dark:text-zinc-400 dark:ring-zinc-500/30",
    Icon: CircleDashed,
  },
};

const CHECK_ICON = { passed: Check, warning: TriangleAlert, failed: X } as const;
const CHECK_CLS = {
  passed: "text-emerald-600 dark:text-emerald-400",
  warning: "text-amber-600 dark:text-amber-400",
  failed: "text-red-600 dark:text-red-400",
} as const;
const ORDER = { failed: 0, warning: 1, passed: 2 } as const;

function summary(v: TVerification): string {
  const n = (s: TCheckResult["status"]) => v.checks.filter((c) => c.status === s).length;
  if (!v.checks.length) return v.status === "pending" ? "No checks have run for this backup yet." : "No checks ran.";
  const parts = [`${n("passed")} passed`];
  if (n("warning")) parts.push(`${n("warning")} with a warning`);
  if (n("failed")) parts.push(`${n("failed")} failed`);
  return `${v.checks.length} check${v.checks.length === 1 ? "" : "s"}: ${parts.join(", ")}.`;
}

/** The list of checks, failures and warnings first. */
export function VerificationPanel({ verification }: { verification: TVerification }) {
  const checks = [...verification.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <div className="flex flex-col gap-3" data-testid="verification-panel" data-status={verification.status}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{summary(verification)}</p>
      {checks.length ? (
        <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {checks.map((c) => {
            const Icon = CHECK_ICON[c.status];
            return (
              <li
                key={c.name}
                className="flex gap-2.5 px-3 py-2"
                data-testid="verification-check"
                data-status={c.status}
              >
                <Icon className={cn("mt-0.5 size-4 shrink-0", CHECK_CLS[c.status])} aria-label={c.status} />
                <div className="min-w-0">
                  <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{c.name}</p>
                  <p className="break-words text-xs text-zinc-600 dark:text-zinc-400">{c.message}</p>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** The badge of a finished backup's row (none while it runs or once cancelled); a click opens the panel. */
export function VerificationBadge({ backup }: { backup: Pick<BackupDto, "status" | "verification"> }) {
  const [open, setOpen] = useState(false);
  if (backup.status === "queued" || backup.status === "running" || backup.status === "cancelled") return null;
  const v = backup.verification ?? { status: "pending" as const, checks: [] };
  const look = LOOK[v.status] ?? LOOK.pending;
  const { Icon } = look;
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid="verification-badge"
        data-status={v.status}
        title={summary(v)}
        className={cn(
          "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
          "hover:brightness-95 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
          look.cls,
        )}
      >
        <Icon className="size-3" aria-hidden />
        {look.label}
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title="Verification"
          description="What Lifeboat checked before this backup could count as good."
          testId="verification-dialog"
        >
          <VerificationPanel verification={v} />
        </DialogContent>
      </Dialog>
    </>
  );
}
