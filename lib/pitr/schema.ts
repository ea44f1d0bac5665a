/* The PITR status shape of `GET /api/v1/sources/{id}` (API.md §Point-in-time recovery). Browser-safe. */
import { z } from "zod";

export const PITR_STATES = ["off", "starting", "streaming", "down", "misconfigured"] as const;
export const ZPitrStatus = z.object({
  state: z.enum(PITR_STATES),
  message: z.string().optional(),
  slotRetainedBytes: z.number().optional(),
});
export type PitrStatus = z.infer<typeof ZPitrStatus>;

export const PITR_STATE_LABELS: Record<PitrStatus["state"], string> = {
  off: "Off",
  starting: "Starting",
  streaming: "Streaming",
  down: "Down",
  misconfigured: "Needs a change on the server",
};
