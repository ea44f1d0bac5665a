/* Phase timings of a test restore, for its job log ("db: phases open 0.01 s · restore 4.10 s · … ·
 * create target 0.12 s (alongside)"), so where the time goes is read from any run (and the bench prints
 * it) without extra tracing. `mark` ends a phase on the critical path; `aside` records one that ran
 * alongside another (not added to the sequence). */

export type PhaseClock = { mark(phase: string): void; aside(phase: string, ms: number): void; text(): string };

export function phaseClock(): PhaseClock {
  let last = performance.now();
  const phases: [string, number][] = [];
  const alongside: [string, number][] = [];
  return {
    mark(phase) {
      const now = performance.now();
      phases.push([phase, now - last]);
      last = now;
    },
    aside(phase, ms) {
      alongside.push([phase, ms]);
    },
    text: () =>
      [
        ...phases.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)} s`),
        ...alongside.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)} s (alongside)`),
      ].join(" · "),
  };
}
