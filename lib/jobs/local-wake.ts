/* Waking this process's workers when this process queued a job (the embedded worker, the panel's
 * default): the job is claimed at once instead of at the worker's next poll (up to 500 ms later).
 * Workers of other processes still find it by polling. Called after the job's transaction commits. */
const sleepers = new Set<() => void>();

export function onLocalEnqueue(wake: () => void): () => void {
  sleepers.add(wake);
  return () => sleepers.delete(wake);
}

export function wakeLocalWorkers(): void {
  for (const wake of sleepers) wake();
}
