/* The server actions the Sources tab calls, as the page passes them in (components import nothing from
 * app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { SourceView } from "@/lib/sources/source-view";
import type { SourceBody } from "./source-input";

export type SourceActions = {
  create: (environmentId: string, input: SourceBody) => Promise<ActionResult<SourceView>>;
  update: (id: string, input: Omit<SourceBody, "type">) => Promise<ActionResult<SourceView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};
