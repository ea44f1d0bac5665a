/* Server actions of the Backup Settings screen (the gear icon): save (admin), live retention preview
 * (viewer+), verify an unsaved destination and add it (admin). Thin: runAction authorises and validates
 * with the operation's zod schema, then calls one service; AppError messages reach the form verbatim. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { ZBackupSettings, putBackupSettings, previewRetention } from "@/lib/backup-settings";
import { ZCreateDestination, createDestination } from "@/lib/destinations";
import { ZVerifyDestinationInput, verifyDestinationInput } from "@/lib/destinations/verify-destination-input";
import type { NewDestinationInput } from "@/components/backup-settings/types";
import { destinationOption } from "./destination-option";

type PreviewItem = { id: string; createdAt: string | Date; trigger: string; status: string; totalBytes?: number | null; reasons?: string[] };

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
      remove: p.remove.map((b: PreviewItem) => ({ id: b.id, createdAt: String(b.createdAt), trigger: b.trigger, status: b.status, totalBytes: b.totalBytes ?? null })),
      keep: p.keep.map((b: PreviewItem) => ({ id: b.id, reasons: b.reasons ?? [] })),
    };
  });
}

export async function verifyDestinationAction(input: NewDestinationInput) {
  return runAction("admin", ZVerifyDestinationInput, input, async (d, actor) => verifyDestinationInput(d, actor), { action: "destination.verify" });
}

export async function createDestinationAction(input: NewDestinationInput) {
  return runAction("admin", ZCreateDestination, input, async (d, actor) => destinationOption(await createDestination(d, actor)), {
    action: "destination.create",
  });
}
