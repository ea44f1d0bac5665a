/* GET: a project's environments. POST: add one (admin). */
import { apiRoute, created } from "@/lib/http";
import { getProject } from "@/lib/projects";
import { createEnvironment, listEnvironments, ZCreateEnvironment } from "@/lib/environments";

export const GET = apiRoute("viewer", async ({ params }) => {
  const project = await getProject(params.id!);
  return { items: await listEnvironments(project.id) };
});

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  created(await createEnvironment(params.id!, await body(ZCreateEnvironment), actor)),
);
