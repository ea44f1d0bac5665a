/* The `rekey` job kind: one re-key of a destination's repository (subjectId = the repository_rekeys
 * row). A killed or failed attempt is retried and resumes after its last recorded step (run-rekey.ts). */
import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { settleRekey } from "./rekey-rows";
import { runRekey } from "./run-rekey";

export const ZRekeyJob = z.object({
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid().nullish(),
  params: z.object({}).loose().default({}),
});

export const rekeyJob = defineJob({
  kind: "rekey",
  schema: ZRekeyJob,
  ownsOutcomeRow: true,
  run: runRekey,
  giveUp: (input, message) => settleRekey(input.subjectId, "failed", { message }),
  cancelled: (input) => settleRekey(input.subjectId, "cancelled", { message: "The re-key was cancelled." }),
});
