/* REST v1 endpoints of integrity checks (API.md §Proof). */
import { ZCheckSettings } from "@/lib/proof/checks/check-settings-schema";
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
  {
    method: "get",
    path: "/destinations/{id}/check-settings",
    tag: "proof",
    summary: "How integrity checks read this destination's data: rotation t, download cap, estimated download",
    role: "viewer",
    success: {
      status: 200,
      description:
        "{readDataRuns, maxReadGibPerRun, defaultReadDataRuns, effectiveReadDataRuns, storedBytes, estimatedBytesPerCheck, raisedByCap}",
    },
  },
  {
    method: "put",
    path: "/destinations/{id}/check-settings",
    tag: "proof",
    summary: "Set the data-read rotation (every pack once every t checks) and a download cap per check (GiB)",
    role: "admin",
    body: ZCheckSettings,
    success: { status: 200, description: "the settings and what they mean now (as GET)" },
  },
];
