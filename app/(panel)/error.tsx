/* Error boundary for panel pages: shows what failed and a Retry (UX.md). A role that is not enough
 * gets its own wording; server messages from AppError are shown as they are (they are written for users). */
"use client";
import { ErrorState } from "@/components/ui/error-state";

export default function PanelError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const forbidden = /cannot do this|forbidden/i.test(error.message);
  return (
    <ErrorState
      title={forbidden ? "You do not have access to this page" : "This page could not be loaded"}
      message={
        error.message && !error.digest
          ? error.message
          : forbidden
            ? error.message
            : "Something went wrong on the server. The details are in the server log."
      }
      onRetry={reset}
    />
  );
}
