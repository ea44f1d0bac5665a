/* Skeleton of the Restores tab while the first page loads. */
import { TableSkeleton } from "@/components/backups/list-states";

export default function Loading() {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <TableSkeleton rows={6} cols={8} />
    </div>
  );
}
