/* A destination's integrity-check settings as the API and the settings dialog take them: the rotation
 * length t of the data read (every pack read once every t daily checks; null: the server default) and a
 * cap in GiB on what one check may download (for destinations that charge for downloads; t grows so
 * that stored / t stays under the cap). Browser-safe. */
import { z } from "zod";

export const MAX_READ_DATA_RUNS = 365;

export const ZCheckSettings = z.object({
  readDataRuns: z
    .number("The rotation is a number of checks")
    .int("The rotation is a whole number of checks")
    .min(1, "Read the data over at least 1 check (1 = all data at every check)")
    .max(MAX_READ_DATA_RUNS, `Spread the read over at most ${MAX_READ_DATA_RUNS} checks`)
    .nullable()
    .default(null),
  maxReadGibPerRun: z
    .number("The cap is a number of GiB per check")
    .positive("The cap must be more than 0 GiB (leave it empty for no cap)")
    .max(1_000_000, "At most 1,000,000 GiB per check")
    .nullable()
    .default(null),
});
export type CheckSettings = z.output<typeof ZCheckSettings>;
export type TCheckSettings = z.input<typeof ZCheckSettings>;

/** The settings with what they mean for this destination now. */
export type CheckSettingsView = CheckSettings & {
  /** The server default for readDataRuns (LIFEBOAT_CHECK_READ_DATA_RUNS). */
  defaultReadDataRuns: number;
  /** The rotation the next checks use: the chosen (or default) t, raised to honour the cap. */
  effectiveReadDataRuns: number;
  /** What the destination holds (sum of the kept snapshots' added bytes). */
  storedBytes: number;
  /** About what one check downloads: storedBytes / effectiveReadDataRuns. */
  estimatedBytesPerCheck: number;
  /** True when the cap made the rotation longer than chosen. */
  raisedByCap: boolean;
};

/** t for a destination: the chosen rotation, raised to ceil(stored / cap) when a cap is set. Pure. */
export function effectiveReadDataRuns(
  settings: Pick<CheckSettings, "readDataRuns" | "maxReadGibPerRun">,
  defaultRuns: number,
  storedBytes: number,
): { runs: number; raisedByCap: boolean } {
  const chosen = settings.readDataRuns ?? defaultRuns;
  if (!settings.maxReadGibPerRun) return { runs: chosen, raisedByCap: false };
  const needed = Math.ceil(storedBytes / (settings.maxReadGibPerRun * 1024 ** 3));
  const runs = Math.min(Math.max(chosen, needed), 10_000);
  return { runs, raisedByCap: runs > chosen };
}
