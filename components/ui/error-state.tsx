/* ErrorState: what a page or list shows when loading failed — the message and a Retry button
 * (UX.md). Used by the error.tsx boundaries; `onRetry` is Next's `reset` there. */
"use client";
import { TriangleAlert } from "lucide-react";
import { Button } from "./button";

export function ErrorState({
  title = "Something went wrong",
  message,
  onRetry,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div
      role="alert"
      data-testid="error-state"
      className="flex flex-col items-center rounded-lg border border-red-200 bg-red-50/60 px-6 py-10 text-center dark:border-red-900/60 dark:bg-red-950/20"
    >
      <TriangleAlert className="mb-2 size-6 text-red-600 dark:text-red-400" aria-hidden />
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <p className="mt-1 max-w-lg text-sm text-zinc-600 dark:text-zinc-400">{message}</p>
      {onRetry ? (
        <Button className="mt-4" onClick={onRetry} data-testid="retry">
          Retry
        </Button>
      ) : null}
    </div>
  );
}
