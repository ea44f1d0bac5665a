/* A destination's storage settings (admin): the budget in GiB (storage_low fires above it; the
 * Monitoring forecast counts toward it) and the price per GiB-month (the reports' cost estimate).
 * Browser-safe. null clears a value. */
import { z } from "zod";

export const ZStorageSettings = z.object({
  budgetGib: z
    .number("The budget is a number of GiB")
    .positive("The budget must be more than 0 GiB")
    .max(1_000_000, "At most 1,000,000 GiB")
    .nullable()
    .default(null),
  pricePerGibMonth: z
    .number("The price is a number per GiB and month")
    .nonnegative("The price cannot be negative")
    .max(1000, "At most 1000 per GiB-month")
    .nullable()
    .default(null),
});
export type StorageSettings = z.output<typeof ZStorageSettings>;
export type TStorageSettings = z.input<typeof ZStorageSettings>;
