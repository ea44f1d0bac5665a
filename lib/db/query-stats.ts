/* TEMPORARY (bench:load investigation): per-statement counts and times of the embedded database,
 * printed every 5 s to stderr when LIFEBOAT_QUERY_STATS=1. */
import cp from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { PGlite } from "@electric-sql/pglite";

type Stat = { n: number; ms: number };
export function instrumentPglite(p: PGlite): void {
  if (process.env.LIFEBOAT_QUERY_STATS !== "1") return;
  const stats = new Map<string, Stat>();
  let busy = 0;
  let depth = 0;
  const anyP = p as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const m of ["query", "exec"]) {
    const orig = anyP[m]!.bind(p);
    anyP[m] = async (...a: unknown[]) => {
      const t = performance.now();
      try {
        return await orig(...a);
      } finally {
        const k = `${m}: ${String(a[0]).replace(/\s+/g, " ").slice(0, 160)}`;
        const s = stats.get(k) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t;
        stats.set(k, s);
      }
    };
  }
  for (const m of ["execProtocol", "execProtocolRaw", "execProtocolStream", "execProtocolRawStream"]) {
    const orig = anyP[m]?.bind(p);
    if (!orig) continue;
    anyP[m] = async (...a: unknown[]) => {
      const t = performance.now();
      depth++;
      try {
        return await orig(...a);
      } finally {
        depth--;
        if (depth === 0) busy += performance.now() - t;
      }
    };
  }
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const spawns = { n: 0, ms: 0, max: 0 };
  const anyCp = cp as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ["spawn", "execFile"]) {
    const orig = anyCp[m]!;
    anyCp[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return orig(...a);
      } finally {
        const d = performance.now() - t;
        spawns.n++;
        spawns.ms += d;
        spawns.max = Math.max(spawns.max, d);
      }
    };
  }
  setInterval(() => {
    const mem = process.memoryUsage();
    console.error(
      `[qstats] loop delay p50 ${(eld.percentile(50) / 1e6).toFixed(0)} ms max ${(eld.max / 1e6).toFixed(0)} ms; ` +
        `${spawns.n} spawns ${spawns.ms.toFixed(0)} ms (max ${spawns.max.toFixed(0)}); rss ${(mem.rss / 2 ** 20).toFixed(0)} MB`,
    );
    eld.reset();
    spawns.n = 0;
    spawns.ms = 0;
    spawns.max = 0;
    const all = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const n = all.reduce((s, [, v]) => s + v.n, 0);
    console.error(`[qstats] ${n} statements, busy ${busy.toFixed(0)} ms in 5 s`);
    for (const [k, v] of all.slice(0, 15)) console.error(`[qstats] ${String(v.n).padStart(6)} ${v.ms.toFixed(0).padStart(8)} ms  ${k}`);
    stats.clear();
    busy = 0;
  }, 5000).unref();
}
