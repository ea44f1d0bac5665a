/* Phase timings of a test restore, for its job log ("db: phases create 0.09 s · restore 4.10 s · …"), so
 * where the time goes is read from any run (and the bench prints it) without extra tracing. */

export type PhaseClock = { mark(phase: string): void; text(): string };

export function phaseClock(): PhaseClock {
  let last = performance.now();
  const phases: [string, number][] = [];
  return {
    mark(phase) {
      const now = performance.now();
      phases.push([phase, now - last]);
      last = now;
    },
    text: () => phases.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)} s`).join(" · "),
  };
}
