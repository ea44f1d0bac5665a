/* Server action of the Disaster recovery tab: save the RPO/RTO targets and the critical mark (admin,
 * audited). Thin: runAction authorises and validates with the same zod schema as PUT
 * /api/v1/environments/{id}/dr, then calls lib/dr. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { putDrTargets } from "@/lib/dr";
import { ZDrTargetsInput } from "@/lib/dr/schema";

const ZEnvironmentId = z.string().uuid();

export async function saveDrTargetsAction(input: { environmentId: string; targets: z.input<typeof ZDrTargetsInput> }) {
  return runAction(
    "admin",
    ZDrTargetsInput,
    input.targets,
    async (targets, actor) => {
      const view = await putDrTargets(ZEnvironmentId.parse(input.environmentId), targets, actor);
      return { status: view.status };
    },
    { action: "environment.dr_targets" },
  );
}
