/* PageHeader: the title row of every panel page — optional breadcrumb above, title, one-line
 * description, and actions on the right (the primary action of the page goes last). */
import type { ReactNode } from "react";
import { cn } from "./cn";

export function PageHeader({
  title,
  description,
  actions,
  breadcrumb,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mb-5 flex flex-wrap items-end justify-between gap-3", className)}>
      <div className="min-w-0">
        {breadcrumb ? <div className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{breadcrumb}</div> : null}
        <h1
          className="truncate text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-50"
          data-testid="page-title"
        >
          {title}
        </h1>
        {description ? <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
