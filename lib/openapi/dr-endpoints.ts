/* The disaster-recovery endpoints of REST v1 for the OpenAPI document (kept apart so the DR module owns
 * its own list). The body is the operation's zod schema (lib/dr/schema.ts). */
import { ZDrTargetsInput } from "@/lib/dr/schema";
import type { Endpoint } from "./endpoint-types";

export const DR_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/environments/{id}/dr",
    tag: "proof",
    summary: "RPO/RTO targets against the measured (newest good backup, worst gap in 30 days, last test restore)",
    role: "viewer",
    success: {
      status: 200,
      description:
        "{targets: {rpoSeconds, rtoSeconds}, measured: {lastGoodBackupAt, worstGapSeconds30d, lastTestRestore: " +
        '{id, status, finishedAt, durationSeconds} | null}, status: "ok"|"at_risk"|"failing", critical, inherited, ' +
        "defaults, lines: [{key, status, message}]}",
    },
  },
  {
    method: "put",
    path: "/environments/{id}/dr",
    tag: "proof",
    summary: "Edit the RPO/RTO targets or the critical mark (null: back to the default; audited)",
    role: "admin",
    body: ZDrTargetsInput,
    success: { status: 200, description: "The DR view with the new targets" },
  },
];
