/* EmptyState: what a list shows when it has nothing yet. Always says what to do next (UX.md), e.g.
 * title "No projects yet", description "A project groups the environments of one app…", action button. */
import type { ReactNode } from "react";
import { cn } from "./cn";

export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
  testId = "empty-state",
}: {
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      className={cn(
        "flex flex-col items-center justify-center rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-10 text-center",
        "dark:border-zinc-700 dark:bg-zinc-900/40",
        className,
      )}
    >
      {icon ? <div className="mb-3 text-zinc-400 [&_svg]:size-8 dark:text-zinc-500">{icon}</div> : null}
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      {description ? <p className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{description}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
