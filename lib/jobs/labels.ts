/* Worker labels: which queue serves the jobs pinned to a label, and whether a worker's label matches a
 * source's. Labels are case-insensitive (like the host names they usually are). Pure.
 * Invariant: two labels that differ other than by case never share a queue — "host.b" and "host_b" are
 * different hosts. Labels without a dot keep the queue name they always had ("-at-<label>"); a label
 * with a dot goes to "-atd-<escaped>", where "_" is "_u" and "." is "_d" (pg-boss wants [A-Za-z0-9_-]). */

export const DEFAULT_QUEUE = "lifeboat-jobs";

/** The queue a job goes to: the default one, or the one served by workers carrying `label`. */
export function queueForLabel(label?: string | null): string {
  if (!label) return DEFAULT_QUEUE;
  const l = label.toLowerCase();
  if (!l.includes(".")) return `${DEFAULT_QUEUE}-at-${l.replace(/[^a-z0-9_-]/g, "_")}`;
  return `${DEFAULT_QUEUE}-atd-${l
    .replace(/_/g, "_u")
    .replace(/\./g, "_d")
    .replace(/[^a-z0-9_-]/g, "_")}`;
}

/** A worker carrying `labels` may run work pinned to `label` (null: any worker may). */
export function labelMatches(labels: string[], label: string | null | undefined): boolean {
  if (!label) return true;
  const want = queueForLabel(label);
  return labels.some((l) => queueForLabel(l) === want);
}
