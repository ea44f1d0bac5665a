/* The `check` job kind: one integrity check of a destination (subjectId = the integrity_checks row). */
import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { settleCheckWithError } from "./check-rows";
import { runCheck } from "./run-check";

export const ZCheckJob = z.object({
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid().nullish(),
  params: z.object({}).loose().default({}),
});

export const checkJob = defineJob({
  kind: "check",
  schema: ZCheckJob,
  ownsOutcomeRow: true,
  run: runCheck,
  giveUp: (input, message) => settleCheckWithError(input.subjectId, "failed", { code: "check_failed", message }),
  cancelled: (input) =>
    settleCheckWithError(input.subjectId, "cancelled", { code: "cancelled", message: "The check was cancelled." }),
});
