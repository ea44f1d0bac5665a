/* Server actions of the backup detail screen: start a restore (operator+; the service forces the safety
 * backup for production targets) and reveal a destination's recovery kit (admin, own password again,
 * audited by the service). Thin: runAction authorises, validates and calls one service. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { ZCreateRestore, createRestore } from "@/lib/restores/create-restore";
import { destinationRecoveryKit } from "@/lib/destinations";
import type { StartRestoreInput } from "@/components/restore/types";

export async function startRestoreAction(input: StartRestoreInput) {
  return runAction("operator", ZCreateRestore, input, (d, actor) => createRestore({ ...d, actor }), {
    action: "restore.create",
  });
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
