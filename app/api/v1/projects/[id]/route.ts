/* GET / PATCH / DELETE one project (changes are admin only; DELETE refuses while environments exist). */
import { apiRoute } from "@/lib/http";
import { deleteProject, getProject, updateProject, ZUpdateProject } from "@/lib/projects";

export const GET = apiRoute("viewer", async ({ params }) => getProject(params.id!));

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateProject(params.id!, await body(ZUpdateProject), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteProject(params.id!, actor);
});
