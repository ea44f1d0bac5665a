/* REST v1 endpoints of integrity checks (API.md §Proof). */
import { ZRequestCheck } from "@/lib/proof/schema";
import { type Endpoint, ok } from "./endpoint-types";

export const CHECK_ENDPOINTS: Endpoint[] = [
  {
    method: "post",
    path: "/destinations/{id}/check",
    tag: "proof",
    summary: "Queue an integrity check (restic check; readData none | subset (the rotating read) | all)",
    role: "admin",
    body: ZRequestCheck,
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "get",
    path: "/checks/{id}",
    tag: "proof",
    summary: "One integrity check: status, read-data subset, errors, damaged packs and the backups that use them",
    role: "viewer",
    success: ok("IntegrityCheck"),
  },
];
