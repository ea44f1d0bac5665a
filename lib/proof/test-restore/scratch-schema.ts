/* Browser-safe shapes of the restore drill that are not part of the shared proof contract
 * (lib/proof/schema.ts): a scratch target a test restore creates (recorded before it is created, so a
 * sweep after a crash can drop it), and an environment's test-restore schedule (backup settings). */
import { z } from "zod";

/** One scratch target: a database `lifeboat_test_<short id>` on the source's (or its test) server, or a
 * temp folder/file. `sourceId` lets a sweep rebuild the connection (secrets stay in the sources row). */
export const ZScratchTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("database"), sourceId: z.string(), database: z.string() }),
  z.object({ kind: z.literal("path"), path: z.string(), host: z.string() }),
]);
export type TScratchTarget = z.infer<typeof ZScratchTarget>;

/** Every scratch database and folder starts with this, so nothing else is ever dropped by mistake. */
export const SCRATCH_PREFIX = "lifeboat_test_";

export const ZTestRestoreSchedule = z.object({
  enabled: z.boolean({ message: "Choose whether test restores run on a schedule." }),
  intervalDays: z.coerce
    .number({ message: "The test-restore interval must be a number of days." })
    .int("The test-restore interval must be a whole number of days.")
    .min(1, "Test restores run at most once a day.")
    .max(365, "Test restores run at least once a year."),
});
export type TTestRestoreSchedule = z.infer<typeof ZTestRestoreSchedule>;

/** Default: weekly for production, monthly (30 days) for the others. */
export function defaultTestRestoreSchedule(type: "production" | "staging" | "development"): TTestRestoreSchedule {
  return { enabled: true, intervalDays: type === "production" ? 7 : 30 };
}
