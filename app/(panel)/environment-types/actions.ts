/* Server actions of the Environment types page: save a type's backup defaults (admin), and the schedule
 * preview of its rows (viewer+, for an example environment of the type). Thin: runAction authorises and
 * validates with ZTypePolicy (the REST API's schema), then one lib call. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { putTypePolicy } from "@/lib/backup-settings/type-policies";
import { ZEnvironmentTypeName, ZTypePolicy } from "@/lib/backup-settings/type-policy-schema";
import { describeSchedule, previewSchedule } from "@/lib/schedules";

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

/** A schedule row of a type: the words without a picked time (random forms pick one per environment)
 * and the next runs of an example environment (rows in each environment's zone preview in UTC). */
export async function previewTypeScheduleAction(input: z.input<typeof ZSchedulePreview>) {
  return runAction("viewer", ZSchedulePreview, input, async (d) => {
    const schedule = { cron: d.cron, timezone: d.timezone };
    const p = previewSchedule(schedule, `type:${d.environmentId}`, new Date());
    return p.ok ? { ...p, words: `${describeSchedule(schedule)}; the next runs of an example environment` } : p;
  });
}
