/* The two ways bench/load.ts loads one endpoint, each returning p50/p99/errors/requests:
 * - closedLoop: autocannon with N connections and no think time. Each connection sends its next request
 *   the moment the last one is answered, so 50 connections are the load of far more than 50 people:
 *   the worst case, labelled so.
 * - browsing: N clients that each send one request, wait for the answer, then "think" for a random
 *   time in [thinkMin, thinkMax] ms before the next (staggered start), as people clicking through pages.
 * Requests still unanswered when a closed-loop phase ends count as errors (a p99 of 0 ms would lie);
 * a browsing client always waits for its last answer (timeout 30 s → error). */
import autocannon from "autocannon";

export type Result = { p50: number; p99: number; errors: number; requests: number };

export async function closedLoop(url: string, headers: Record<string, string>, clients: number, seconds: number) {
  const r = await autocannon({ url, connections: clients, duration: seconds, headers, timeout: 30 });
  const errors = r.errors + r.timeouts + r.non2xx + Math.max(0, r.requests.sent - r.requests.total - r.errors);
  return { p50: r.latency.p50, p99: r.latency.p99, errors, requests: r.requests.total } satisfies Result;
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function browsing(
  url: string,
  headers: Record<string, string>,
  clients: number,
  seconds: number,
  think: [number, number],
): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const thinkMs = () => think[0] + Math.random() * (think[1] - think[0]);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      await sleep(Math.random() * think[1]);
      while (Date.now() < end) {
        const t = performance.now();
        try {
          const res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
        await sleep(thinkMs());
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p99: pct(latencies, 99), errors, requests: latencies.length };
}
