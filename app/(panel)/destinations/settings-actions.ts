/* Server actions of a destination's "Budget & checks" dialog: load and save its storage settings (budget,
 * price) and integrity-check settings (data-read rotation, download cap). Admin; thin: runAction
 * validates with the REST API's schemas and calls the two services. */
"use server";
import { z } from "zod";
import { getStorageSettings, saveStorageSettings } from "@/lib/destinations/storage/storage-settings";
import { ZStorageSettings } from "@/lib/destinations/storage/schema";
import { runAction } from "@/lib/http";
import { getCheckSettings, saveCheckSettings } from "@/lib/proof/checks/check-settings";
import { ZCheckSettings } from "@/lib/proof/checks/check-settings-schema";

const ZId = z.string().uuid();
const ZSave = z.object({ id: ZId, storage: ZStorageSettings, check: ZCheckSettings });

export async function loadDestinationSettingsAction(id: string) {
  return runAction("admin", ZId, id, async (destinationId) => ({
    storage: await getStorageSettings(destinationId),
    check: await getCheckSettings(destinationId),
  }));
}

export async function saveDestinationSettingsAction(input: z.input<typeof ZSave>) {
  return runAction("admin", ZSave, input, async ({ id, storage, check }, actor) => ({
    storage: await saveStorageSettings(id, storage, actor),
    check: await saveCheckSettings(id, check, actor),
  }));
}
