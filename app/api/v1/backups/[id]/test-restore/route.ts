/* POST (operator+, audited) → 202 {id, jobId}: test-restore this backup into scratch targets (never the
 * live ones) and check it (lib/proof/test-restore). No body. */
import { apiRoute, json } from "@/lib/http";
import { createTestRestore } from "@/lib/proof/test-restore";

export const POST = apiRoute("operator", async ({ params, actor }) =>
  json(await createTestRestore({ backupId: params.id!, trigger: "manual", actor }), 202),
);
