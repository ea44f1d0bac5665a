/* The body of "Test connection" (POST /api/v1/environments/{id}/sources/test and the source dialog):
 * a source's type, config and secrets as they are typed, before saving. With `sourceId` (editing a
 * saved source) the stored secrets fill in what is not typed again, key by key like an update (an
 * empty string removes a key). Browser-safe. */
import { z } from "zod";
import { SOURCE_TYPES } from "../source-config";

export const ZTestSource = z.object({
  sourceId: z.string().trim().max(100).optional(),
  name: z.string().trim().max(100).optional(),
  type: z.enum(SOURCE_TYPES, "Choose a source type"),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string().max(4096)).optional(),
});
export type TTestSource = z.input<typeof ZTestSource>;
