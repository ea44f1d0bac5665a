/* Server actions for an environment's sources. Thin: runAction checks the role (admin), validates with
 * ZCreateSource/ZUpdateSource (the REST API's schemas) and calls lib/sources. Secrets go in, never out.
 * testSourceAction runs Test connection on typed settings (lib/sources/test-source). */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createSource, deleteSource, updateSource, ZCreateSource, ZUpdateSource } from "@/lib/sources";
import { testSourceSettings, ZTestSource } from "@/lib/sources/test-source";

const ZId = z.string().min(1).max(100);

export async function createSourceAction(environmentId: string, input: unknown) {
  return runAction("admin", ZCreateSource, input, (data, actor) => createSource(ZId.parse(environmentId), data, actor));
}

export async function updateSourceAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateSource, input, (data, actor) => updateSource(ZId.parse(id), data, actor));
}

export async function deleteSourceAction(id: string) {
  return runAction("admin", ZId, id, (sourceId, actor) => deleteSource(sourceId, actor));
}

/** "Test connection" in the source dialog (and before saving): the typed settings, not saved. */
export async function testSourceAction(environmentId: string, input: unknown) {
  return runAction("admin", ZTestSource, input, (data, actor) =>
    testSourceSettings(ZId.parse(environmentId), data, actor),
  );
}
