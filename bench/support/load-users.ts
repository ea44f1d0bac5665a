/* The browsing-user model of bench/load.ts, k6-like and bounded: N virtual users, each with its own
 * signed-in session cookie, each repeating the same browse of the panel until the time is up:
 *   1. open the dashboard (page)
 *   2. open the environment's Backups tab (page); while the tab is open, its list polls every 30 s
 *      (components/backups/backups-view.tsx: refetchInterval 30_000 on an infinite query, so every page
 *      loaded so far is fetched again, one after the other, as React Query does)
 *   3. "Load more": page 2 of the list through the API the tab uses (GET …/backups?limit=50&cursor=…)
 *   4. "Load more" again: page 3
 *   5. open the newest backup (page); its file browser lists "/" as soon as it mounts
 *   6. open a folder in the file browser (GET /api/v1/backups/:id/files?path=…)
 * with a think time between steps drawn from a seeded uniform distribution (same seed, same sequence:
 * before/after runs offer the same load). The other refetchIntervals of the panel do not run on these
 * pages for this browse: active-backup/backup-detail poll at 1 s only while *that* backup is queued or
 * running (the browsed environment has none), restores only on the Restores tab. The dashboard and
 * the layout have no polling. Pages are fetched as full documents (a client-side navigation would fetch
 * the RSC payload only, which is a little cheaper: this errs on the heavy side); static assets are
 * cached by a browser and not modelled.
 * Every request's latency is recorded per endpoint; a user waits for each answer (timeout 30 s → error,
 * non-200 → error). When the time is up no new step starts; the steps in flight finish and count. */
import { seededRandom } from "@/test/support/seeded-random";

export type Endpoint = { name: string; url: string; kind: "page" | "api" };
export type Browse = {
  dashboard: Endpoint;
  tab: Endpoint;
  /** Pages 1..n of the list as the tab's API fetches them (page 1 is what the poll fetches first). */
  listPages: Endpoint[];
  detail: Endpoint;
  filesOnOpen: Endpoint;
  folder: Endpoint;
};
export type Sample = { endpoint: string; ms: number; ok: boolean };
export type UserRun = { samples: Sample[]; seconds: number; iterations: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function browsingUsers(opts: {
  base: string;
  cookies: string[];
  browse: Browse;
  seconds: number;
  think: [number, number];
  seed: number;
  pollMs?: number;
}): Promise<UserRun> {
  const { base, browse, think } = opts;
  const pollMs = opts.pollMs ?? 30_000;
  const samples: Sample[] = [];
  const t0 = Date.now();
  const end = t0 + opts.seconds * 1000;
  let iterations = 0;

  const get = async (e: Endpoint, cookie: string, as = e.name) => {
    const t = performance.now();
    let ok = false;
    try {
      const res = await fetch(base + e.url, {
        headers: { cookie, ...(e.kind === "api" ? { accept: "application/json" } : {}) },
        redirect: "manual",
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      ok = res.status === 200;
    } catch {
      ok = false;
    }
    samples.push({ endpoint: as, ms: performance.now() - t, ok });
  };

  await Promise.all(
    opts.cookies.map(async (cookie, u) => {
      const rand = seededRandom(opts.seed * 1000 + u);
      const thinkMs = () => think[0] + rand() * (think[1] - think[0]);
      await sleep(rand() * think[1]); // staggered arrival
      while (Date.now() < end) {
        await get(browse.dashboard, cookie);
        await sleep(thinkMs());
        if (Date.now() >= end) break;
        // The Backups tab: the poll runs from mount until the user leaves, over the pages loaded so far.
        await get(browse.tab, cookie);
        let loaded = 1;
        let leave = false;
        const poll = (async () => {
          let next = Date.now() + pollMs;
          while (!leave) {
            await sleep(Math.min(250, Math.max(0, next - Date.now())));
            if (leave || Date.now() < next) continue;
            for (let p = 0; p < loaded && !leave; p++)
              await get(browse.listPages[p]!, cookie, "backups list (tab's 30 s poll)");
            next = Date.now() + pollMs;
          }
        })();
        for (const page of browse.listPages.slice(1)) {
          await sleep(thinkMs());
          if (Date.now() >= end) break;
          await get(page, cookie);
          loaded++;
        }
        await sleep(thinkMs());
        leave = true;
        await poll;
        if (Date.now() >= end) break;
        await get(browse.detail, cookie);
        await get(browse.filesOnOpen, cookie);
        await sleep(thinkMs());
        if (Date.now() >= end) break;
        await get(browse.folder, cookie);
        iterations++;
        await sleep(thinkMs());
      }
    }),
  );
  return { samples, seconds: (Date.now() - t0) / 1000, iterations };
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

export type EndpointStats = {
  endpoint: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  requests: number;
  perSecond: number;
};

/** Per endpoint, in first-seen order, plus "all requests". */
export function perEndpoint(run: UserRun): EndpointStats[] {
  const by = new Map<string, Sample[]>();
  for (const s of run.samples) by.set(s.endpoint, [...(by.get(s.endpoint) ?? []), s]);
  by.set("all requests", run.samples);
  return [...by].map(([endpoint, xs]) => {
    const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
    return {
      endpoint,
      p50: pct(ms, 50),
      p95: pct(ms, 95),
      p99: pct(ms, 99),
      max: Math.round(ms.at(-1) ?? 0),
      errors: xs.filter((x) => !x.ok).length,
      requests: xs.length,
      perSecond: xs.length / run.seconds,
    };
  });
}
