/* GET: all projects (with environment counts). POST: create one (admin). */
import { visibleProjectIds } from "@/lib/api-tokens/token-scope";
import { apiRoute, created } from "@/lib/http";
import { createProject, listProjects, ZCreateProject } from "@/lib/projects";

// A token limited to some projects sees only those (lib/api-tokens/token-scope.ts).
export const GET = apiRoute("viewer", async ({ actor }) => {
  const visible = visibleProjectIds(actor);
  const items = await listProjects();
  return { items: visible ? items.filter((p) => visible.includes(p.id)) : items };
});

export const POST = apiRoute("admin", async ({ actor, body }) =>
  created(await createProject(await body(ZCreateProject), actor)),
);
