/* When the WAL stream ships its next batch (pure; wal-stream.ts asks it once a poll). The batch interval
 * is a DEADLINE, not a period: WAL written at time t must be in the repository by t + interval. So a
 * batch is due when the oldest unshipped write (`dirtySince`, the last moment the spool was seen
 * unchanged before it changed — never later than the write itself) is `interval − lead` old, where
 * lead = the slowest of the recent restic runs + a margin: the run that starts then ends before the
 * deadline. Under steady writes this ships every (interval − lead) seconds, e.g. every ~45–50 s with the
 * default 60 s and a few-second restic run, carrying the current `.partial`. The lead is capped at half
 * the interval (a repository slower than that cannot meet the deadline anyway, and batches never come
 * closer than interval/2). `maxSegments` complete files waiting ship at once. */

export type BatchClock = {
  now: number;
  /** the oldest moment unshipped WAL may have been written; null when nothing changed since the last batch */
  dirtySince: number | null;
  completeWaiting: number;
  intervalMs: number;
  maxSegments: number;
  /** durations of the recent batches (ms), newest last */
  recentShipMs: number[];
  marginMs: number;
};

/** How long before the deadline a batch starts (the slowest recent run + margin, ≤ interval / 2). */
export function batchLeadMs(c: Pick<BatchClock, "intervalMs" | "recentShipMs" | "marginMs">): number {
  const slowest = c.recentShipMs.length ? Math.max(...c.recentShipMs) : 0;
  return Math.min(c.intervalMs / 2, slowest + c.marginMs);
}

export function batchDue(c: BatchClock): boolean {
  if (c.completeWaiting >= c.maxSegments) return true;
  if (c.dirtySince === null) return false;
  return c.now >= c.dirtySince + c.intervalMs - batchLeadMs(c);
}

/** How many recent ship durations the lead looks at. */
export const RECENT_SHIPS = 5;
