/* Skeleton of the Disaster recovery tab. */
export default function Loading() {
  return (
    <div className="animate-pulse space-y-5">
      <div className="h-56 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
      <div className="h-96 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
    </div>
  );
}
