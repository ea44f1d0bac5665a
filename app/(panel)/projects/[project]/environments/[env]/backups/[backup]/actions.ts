/* Server actions of the backup detail screen: preview and start a restore (operator+; the service forces
 * the safety backup for production targets) and reveal a destination's recovery kit (admin, own password again,
 * audited by the service). Thin: runAction authorises, validates and calls one service. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { ZCreateRestore, createRestore } from "@/lib/restores/create-restore";
import { destinationRecoveryKit } from "@/lib/destinations";
import { previewRestore } from "@/lib/restores/preview";
import { ZRestorePreviewRequest } from "@/lib/restores/schema";
import type { PreviewRestoreInput, StartRestoreInput } from "@/components/restore/types";

export async function startRestoreAction(input: StartRestoreInput) {
  return runAction("operator", ZCreateRestore, input, (d, actor) => createRestore({ ...d, actor }), {
    action: "restore.create",
  });
}

/** What the restore would change (read-only; the confirmation shows it before the final click). */
export async function previewRestoreAction(input: PreviewRestoreInput) {
  return runAction("operator", ZRestorePreviewRequest, input, ({ backupId, ...body }) =>
    previewRestore(backupId, body),
  );
}

const ZRecoveryKit = z.object({ destinationId: z.string().uuid(), password: z.string().min(1, "Type your password") });

export async function recoveryKitAction(input: z.input<typeof ZRecoveryKit>) {
  return runAction(
    "admin",
    ZRecoveryKit,
    input,
    (d, actor) => destinationRecoveryKit(d.destinationId, { password: d.password }, actor),
    {
      action: "destination.recovery-kit",
    },
  );
}
