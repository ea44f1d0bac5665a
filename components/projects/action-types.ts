/* The server actions the project screens call, as the page passes them in (components import nothing
 * from app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { ProjectView } from "@/lib/projects/project-view";

export type ProjectInput = {
  name: string;
  slug: string;
  /** Editing only (absent: unchanged): the project's own default destination and restore location. */
  defaultDestinationId?: string | null;
  restoreLocation?: string | null;
};
/** A destination the project may choose as its default. */
export type DestinationChoice = { id: string; name: string };

export type ProjectActions = {
  create: (input: ProjectInput) => Promise<ActionResult<ProjectView>>;
  update: (id: string, input: ProjectInput) => Promise<ActionResult<ProjectView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};
