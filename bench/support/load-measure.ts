/* The saturation measure of bench/load.ts (the browsing users are bench/support/load-users.ts):
 * - closedLoop: autocannon with N connections and no think time. Each connection sends its next request
 *   the moment the last one is answered, so 50 connections are the load of far more than 50 people:
 *   the worst case, labelled so.
 * Requests still unanswered when a closed-loop phase ends count as errors (a p99 of 0 ms would lie).
 */
import autocannon from "autocannon";

export type Result = { p50: number; p99: number; errors: number; requests: number };

export async function closedLoop(url: string, headers: Record<string, string>, clients: number, seconds: number) {
  const r = await autocannon({ url, connections: clients, duration: seconds, headers, timeout: 30 });
  const errors = r.errors + r.timeouts + r.non2xx + Math.max(0, r.requests.sent - r.requests.total - r.errors);
  return { p50: r.latency.p50, p99: r.latency.p99, errors, requests: r.requests.total } satisfies Result;
}
