/* Server actions of the Backup Settings screen (the gear icon): save (admin), the live retention and
 * schedule previews (viewer+). Adding a destination inline uses the Destinations page's actions. Thin:
 * runAction authorises and validates with the operation's zod schema, then calls one lib function;
 * AppError messages reach the form verbatim. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { ZBackupSettings, putBackupSettings, previewRetention } from "@/lib/backup-settings";
import { previewSchedule } from "@/lib/schedules";

type PreviewItem = {
  id: string;
  createdAt: string | Date;
  trigger: string;
  status: string;
  totalBytes?: number | null;
  reasons?: string[];
};

const ZSave = z.object({ environmentId: z.string().uuid(), settings: ZBackupSettings });

export async function saveSettingsAction(input: z.input<typeof ZSave>) {
  return runAction(
    "admin",
    ZSave,
    input,
    async (d, actor) => {
      const saved = await putBackupSettings(d.environmentId, d.settings, actor);
      return { nextRun: saved.nextRuns?.[0] ?? null };
    },
    { action: "backup-settings.update" },
  );
}

const ZPreview = z.object({
  environmentId: z.string().uuid(),
  retention: ZBackupSettings.shape.retention,
  maxManualBackups: z.number().int().min(0),
});

export async function previewRetentionAction(input: z.input<typeof ZPreview>) {
  return runAction("viewer", ZPreview, input, async (d) => {
    const p = await previewRetention(d.environmentId, { retention: d.retention, maxManualBackups: d.maxManualBackups });
    return {
      total: p.keep.length + p.remove.length,
      remove: p.remove.map((b: PreviewItem) => ({
        id: b.id,
        createdAt: String(b.createdAt),
        trigger: b.trigger,
        status: b.status,
        totalBytes: b.totalBytes ?? null,
      })),
      keep: p.keep.map((b: PreviewItem) => ({ id: b.id, reasons: b.reasons ?? [] })),
    };
  });
}

const ZSchedulePreview = z.object({
  environmentId: z.string().uuid(),
  cron: z.string().max(200),
  timezone: z.string().max(64),
});

/** One schedule row checked by the scheduler's own code; a bad expression is {ok:false, message}. */
export async function previewScheduleAction(input: z.input<typeof ZSchedulePreview>) {
  return runAction("viewer", ZSchedulePreview, input, async (d) =>
    previewSchedule({ cron: d.cron, timezone: d.timezone }, d.environmentId, new Date()),
  );
}
