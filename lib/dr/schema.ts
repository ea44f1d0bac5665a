/* The shapes of an environment's disaster-recovery view (API.md §Proof: GET|PUT
 * /api/v1/environments/{id}/dr), declared once and browser-safe: the targets a user may edit, the view
 * with targets against what was measured, and the verdict of each line (ok / at_risk / failing). */
import { z } from "zod";
import type { ProofJobStatus } from "@/lib/proof/schema";

export const DR_STATUSES = ["ok", "at_risk", "failing"] as const;
export type DrStatus = (typeof DR_STATUSES)[number];

const MIN_TARGET = 60;
const MAX_RPO = 90 * 86_400;
const MAX_RTO = 30 * 86_400;

const seconds = (what: string, max: number, maxWords: string) =>
  z
    .number(`${what} is a number of seconds (e.g. 86400 for 24 h), or null for the default`)
    .int(`${what} is a whole number of seconds`)
    .min(MIN_TARGET, `${what} must be at least 1 minute (60 seconds)`)
    .max(max, `${what} can be at most ${maxWords} (${max} seconds)`)
    .nullable()
    .optional();

/** PUT body. A target left out stays as it is; null returns it to the default (critical, then type). */
export const ZDrTargetsInput = z
  .object({
    rpoSeconds: seconds("The RPO target", MAX_RPO, "90 days"),
    rtoSeconds: seconds("The RTO target", MAX_RTO, "30 days"),
    critical: z.boolean("critical is true or false").optional(),
  })
  .strict()
  .refine((v) => v.rpoSeconds !== undefined || v.rtoSeconds !== undefined || v.critical !== undefined, {
    message: "Send at least one of rpoSeconds, rtoSeconds or critical",
    path: ["_"],
  });
export type TDrTargetsInput = z.input<typeof ZDrTargetsInput>;

/** One line of the DR page: a target against a measurement, with its verdict in words. */
export type DrLine = { key: "last_good" | "worst_gap" | "test_restore"; status: DrStatus; message: string };

export type DrView = {
  environmentId: string;
  targets: { rpoSeconds: number; rtoSeconds: number };
  critical: boolean;
  /** Which targets are the default (not edited) and what the default is. */
  inherited: { rpoSeconds: boolean; rtoSeconds: boolean };
  defaults: { rpoSeconds: number; rtoSeconds: number };
  measured: {
    lastGoodBackupAt: string | null;
    lastGoodBackupId: string | null;
    worstGapSeconds30d: number | null;
    lastTestRestore: {
      id: string;
      status: ProofJobStatus;
      finishedAt: string | null;
      durationSeconds: number | null;
    } | null;
  };
  /** The worst of `lines`. */
  status: DrStatus;
  lines: DrLine[];
  measuredAt: string;
};

export function worstDr(statuses: readonly DrStatus[]): DrStatus {
  if (statuses.includes("failing")) return "failing";
  if (statuses.includes("at_risk")) return "at_risk";
  return "ok";
}
