/* Server actions for environments (create in a project, update, delete). Thin: runAction checks the
 * role (admin), validates with the operation's zod schema and calls the lib/environments service. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import {
  createEnvironment,
  deleteEnvironment,
  updateEnvironment,
  ZCreateEnvironment,
  ZUpdateEnvironment,
} from "@/lib/environments";

const ZId = z.string().min(1).max(100);

export async function createEnvironmentAction(projectId: string, input: unknown) {
  return runAction("admin", ZCreateEnvironment, input, (data, actor) =>
    createEnvironment(ZId.parse(projectId), data, actor),
  );
}

export async function updateEnvironmentAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateEnvironment, input, (data, actor) => updateEnvironment(ZId.parse(id), data, actor));
}

export async function deleteEnvironmentAction(id: string) {
  return runAction("admin", ZId, id, (envId, actor) => deleteEnvironment(envId, actor));
}
