/* The server actions the environment screens call, as the page passes them in (components import
 * nothing from app/). Types only. */
import type { EnvironmentView } from "@/lib/environments/environment-view";
import type { ActionResult } from "@/lib/http/action-result";

export type EnvironmentInput = { name?: string; slug?: string; type?: string; timezone?: string; active?: boolean };

export type EnvironmentActions = {
  create: (projectId: string, input: EnvironmentInput) => Promise<ActionResult<EnvironmentView>>;
  update: (id: string, input: EnvironmentInput) => Promise<ActionResult<EnvironmentView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};
