/* GET: all projects (with environment counts). POST: create one (admin). */
import { apiRoute, created } from "@/lib/http";
import { createProject, listProjects, ZCreateProject } from "@/lib/projects";

export const GET = apiRoute("viewer", async () => ({ items: await listProjects() }));

export const POST = apiRoute("admin", async ({ actor, body }) =>
  created(await createProject(await body(ZCreateProject), actor)),
);
