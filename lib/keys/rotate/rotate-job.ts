/* The `rotate_key` job kind: one rotation of Lifeboat's key of a destination (subjectId = the
 * key_rotations row). A killed or failed attempt is retried and resumes after its last recorded step. */
import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { settleRotation } from "./rotation-rows";
import { runRotation } from "./run-rotation";

export const ZRotateKeyJob = z.object({
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid().nullish(),
  params: z.object({}).loose().default({}),
});

export const rotateKeyJob = defineJob({
  kind: "rotate_key",
  schema: ZRotateKeyJob,
  ownsOutcomeRow: true,
  run: runRotation,
  giveUp: (input, message) => settleRotation(input.subjectId, "failed", { message }),
  cancelled: (input) => settleRotation(input.subjectId, "cancelled", { message: "The rotation was cancelled." }),
});
