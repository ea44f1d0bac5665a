/* Server actions for projects. Thin by design: runAction checks the signed-in user's role, validates
 * the input with the operation's zod schema (the same one the REST API uses) and calls the service;
 * errors come back as ActionResult with per-field messages. Admin only: projects are settings. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createProject, deleteProject, updateProject, ZCreateProject, ZUpdateProject } from "@/lib/projects";

const ZId = z.string().min(1).max(100);

export async function createProjectAction(input: unknown) {
  return runAction("admin", ZCreateProject, input, (data, actor) => createProject(data, actor));
}

export async function updateProjectAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateProject, input, (data, actor) => updateProject(ZId.parse(id), data, actor));
}

export async function deleteProjectAction(id: string) {
  return runAction("admin", ZId, id, (projectId, actor) => deleteProject(projectId, actor));
}
