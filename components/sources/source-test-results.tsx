/* The result of Test connection, under the source form: one line per check with its status (ok,
 * warning, failed, not checked) and what to do, and a summary with what was measured (size, file
 * count, versions). When the test ran because of Save and found problems, it says that Save anyway is
 * possible (a source may only be reachable from a worker at backup time). */
"use client";
import { AlertTriangle, CheckCircle2, MinusCircle, XCircle } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { formatBytes } from "@/components/ui/format";
import type { CheckStatus, SourceTestResult } from "@/lib/sources/test-source/result";

const ICON: Record<CheckStatus, { icon: typeof CheckCircle2; cls: string; word: string }> = {
  ok: { icon: CheckCircle2, cls: "text-green-600 dark:text-green-400", word: "ok" },
  warning: { icon: AlertTriangle, cls: "text-amber-600 dark:text-amber-400", word: "warning" },
  failed: { icon: XCircle, cls: "text-red-600 dark:text-red-400", word: "failed" },
  skipped: { icon: MinusCircle, cls: "text-zinc-400", word: "not checked" },
};

function summary(r: SourceTestResult): string {
  const failed = r.checks.filter((c) => c.status === "failed").length;
  const warned = r.checks.filter((c) => c.status === "warning").length;
  const head = failed
    ? `${failed} problem${failed === 1 ? "" : "s"} found`
    : warned
      ? `Works, with ${warned} warning${warned === 1 ? "" : "s"}`
      : "All checks passed";
  const facts = [
    r.facts.fileCount !== undefined
      ? `${r.facts.partial ? "≥ " : ""}${r.facts.fileCount.toLocaleString("en")} file${r.facts.fileCount === 1 ? "" : "s"}`
      : null,
    r.facts.sizeBytes !== undefined ? `${r.facts.partial ? "≥ " : ""}${formatBytes(r.facts.sizeBytes)}` : null,
    r.facts.serverVersion ?? null,
  ].filter(Boolean);
  return facts.length ? `${head} · ${facts.join(" · ")}` : head;
}

export function SourceTestResults({ result, fromSave }: { result: SourceTestResult; fromSave: boolean }) {
  const failed = !result.ok;
  return (
    <div
      className={cn(
        "rounded-md border px-3 py-2.5 text-sm",
        failed
          ? "border-red-200 bg-red-50/60 dark:border-red-900/60 dark:bg-red-950/30"
          : "border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-950/40",
      )}
      data-testid="source-test-results"
      data-ok={String(result.ok)}
      role="status"
    >
      <p className="mb-2 font-medium text-zinc-900 dark:text-zinc-100" data-testid="source-test-summary">
        {summary(result)}
      </p>
      <ul className="flex flex-col gap-1.5">
        {result.checks.map((c) => {
          const look = ICON[c.status];
          const Icon = look.icon;
          return (
            <li key={c.id} className="flex gap-2" data-testid="source-check" data-check={c.id} data-status={c.status}>
              <Icon className={cn("mt-0.5 size-4 shrink-0", look.cls)} aria-label={look.word} />
              <span className="min-w-0 text-zinc-700 dark:text-zinc-300">
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{c.label}</span>{" "}
                <span className="break-words">{c.message}</span>
              </span>
            </li>
          );
        })}
      </ul>
      {failed && fromSave ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="source-test-save-anyway-hint">
          Not saved yet. Fix the settings, or choose Save anyway if this source is only reachable at backup time (for
          example from a worker).
        </p>
      ) : null}
    </div>
  );
}
