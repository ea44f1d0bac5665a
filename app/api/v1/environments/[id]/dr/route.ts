/* GET (viewer+) an environment's RPO/RTO targets against what was measured, with the verdict;
 * PUT (admin, audited — a policy like the backup settings) edits the targets: {rpoSeconds?, rtoSeconds?,
 * critical?}, null returns a target to its default. API.md §Proof. */
import { apiRoute } from "@/lib/http";
import { getDr, putDrTargets, ZDrTargetsInput } from "@/lib/dr";

export const GET = apiRoute("viewer", async ({ params }) => getDr(params.id!));

export const PUT = apiRoute("admin", async ({ params, body, actor }) =>
  putDrTargets(params.id!, await body(ZDrTargetsInput), actor),
);
