/* Skeleton of the Backups tab while the first page loads. */
import { TableSkeleton } from "@/components/backups/list-states";

export default function Loading() {
  return (
    <div className="flex flex-col gap-3">
      <div className="h-9 w-64 animate-pulse rounded bg-zinc-200/70 dark:bg-zinc-800" />
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <TableSkeleton rows={8} />
      </div>
    </div>
  );
}
