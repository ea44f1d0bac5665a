/* The server actions the Sources tab calls, as the page passes them in (components import nothing from
 * app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { SourceView } from "@/lib/sources/source-view";
import type { SourceTestResult } from "@/lib/sources/test-source/result";
import type { SourceBody } from "./source-input";

export type SourceActions = {
  create: (environmentId: string, input: SourceBody) => Promise<ActionResult<SourceView>>;
  update: (id: string, input: Omit<SourceBody, "type">) => Promise<ActionResult<SourceView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
  test: (environmentId: string, input: SourceTestBody) => Promise<ActionResult<SourceTestResult>>;
};

/** What Test connection sends: the typed settings, and the saved source's id when editing one. */
export type SourceTestBody = Pick<SourceBody, "name" | "type" | "config" | "secrets"> & { sourceId?: string };
