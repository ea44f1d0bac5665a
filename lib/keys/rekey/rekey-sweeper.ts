/* The sweep that deletes old repositories of re-keys after their keep period: a leased loop
 * (lib/jobs/leased-loop.ts, one runner cluster-wide), started with the scheduler. */
import "server-only";
import { type LeasedLoop, startLeasedLoop } from "@/lib/jobs/leased-loop";
import { sweepRekeyedRepositories } from "./delete-old-repository";

export function startRekeySweeper(opts: { intervalSeconds: number; now?: () => Date }): LeasedLoop {
  return startLeasedLoop({
    leaseKey: "keys.rekey-sweeper.lease",
    name: "old repositories of re-keys",
    intervalSeconds: opts.intervalSeconds,
    now: opts.now,
    run: async (now) => {
      await sweepRekeyedRepositories(now);
    },
  });
}
