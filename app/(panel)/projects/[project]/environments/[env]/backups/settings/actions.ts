/* Server actions of the Backup Settings screen (the gear icon): save (admin), the live retention and
 * schedule previews (viewer+). Adding a destination inline uses the Destinations page's actions. Thin:
 * runAction authorises and validates with the operation's zod schema (the same one the form runs in
 * the browser and the REST API uses), then calls one lib function; AppError messages reach the form
 * verbatim. Field errors carry the REST API's paths ("schedules.0.cron"). */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { putBackupSettings, previewRetention } from "@/lib/backup-settings";
import { ZBackupSettings, ZRetentionPreview } from "@/lib/backup-settings/schema";
import { previewSchedule } from "@/lib/schedules";

const ZEnvironmentId = z.string().uuid();

export async function saveSettingsAction(input: { environmentId: string; settings: z.input<typeof ZBackupSettings> }) {
  return runAction(
    "admin",
    ZBackupSettings,
    input.settings,
    async (settings, actor) => {
      const saved = await putBackupSettings(ZEnvironmentId.parse(input.environmentId), settings, actor);
      return { nextRun: saved.nextRuns?.[0] ?? null };
    },
    { action: "backup-settings.update" },
  );
}

const ZPreview = ZRetentionPreview.extend({ environmentId: ZEnvironmentId });

export async function previewRetentionAction(input: z.input<typeof ZPreview>) {
  return runAction("viewer", ZPreview, input, async ({ environmentId, ...candidate }) =>
    previewRetention(environmentId, candidate),
  );
}

const ZSchedulePreview = z.object({
  environmentId: ZEnvironmentId,
  cron: z.string().max(200),
  timezone: z.string().max(64),
});

/** One schedule row checked by the scheduler's own code; a bad expression is {ok:false, message}. The
 * form only asks for expressions that passed the same check in the browser. */
export async function previewScheduleAction(input: z.input<typeof ZSchedulePreview>) {
  return runAction("viewer", ZSchedulePreview, input, async (d) =>
    previewSchedule({ cron: d.cron, timezone: d.timezone }, d.environmentId, new Date()),
  );
}
