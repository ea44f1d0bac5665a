/* Server actions of the Environment types page: save a type's backup defaults (admin), and the schedule
 * preview of its rows (viewer+, for an example environment of the type). Thin: runAction authorises and
 * validates with ZTypePolicy (the REST API's schema), then one lib call. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { putTypePolicy } from "@/lib/backup-settings/type-policies";
import { ZEnvironmentTypeName, ZTypePolicy } from "@/lib/backup-settings/type-policy-schema";
import { previewSchedule } from "@/lib/schedules";

export async function saveTypePolicyAction(input: { type: string; policy: z.input<typeof ZTypePolicy> }) {
  return runAction(
    "admin",
    ZTypePolicy,
    input.policy,
    async (policy, actor) => {
      const saved = await putTypePolicy(ZEnvironmentTypeName.parse(input.type), policy, actor);
      return { retentionDescription: saved.retentionDescription, environments: saved.environments };
    },
    { action: "environment-type.update" },
  );
}

const ZSchedulePreview = z.object({
  environmentId: z.string().max(64),
  cron: z.string().max(200),
  timezone: z.string().max(64),
});

/** The schedule rows preview with the type's name as the seed (random forms pick another time for each
 * environment: the words say so). */
export async function previewTypeScheduleAction(input: z.input<typeof ZSchedulePreview>) {
  return runAction("viewer", ZSchedulePreview, input, async (d) =>
    previewSchedule({ cron: d.cron, timezone: d.timezone }, `type:${d.environmentId}`, new Date()),
  );
}
