/* The server actions the project screens call, as the page passes them in (components import nothing
 * from app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { ProjectView } from "@/lib/projects/project-view";

export type ProjectInput = { name: string; slug: string };

export type ProjectActions = {
  create: (input: ProjectInput) => Promise<ActionResult<ProjectView>>;
  update: (id: string, input: ProjectInput) => Promise<ActionResult<ProjectView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};
