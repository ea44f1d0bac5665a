/* The server actions that change destinations, as the page passes them in (components import nothing
 * from app/). The Destinations page and the Backup Settings screen's inline "add" use the same `create`.
 * Types only. */
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { DestinationVerifyResult } from "@/lib/destinations/verify-destination";
import type { ActionResult } from "@/lib/http/action-result";
import type { DestinationBody } from "./destination-input";

export type DestinationActions = {
  create: (input: DestinationBody) => Promise<ActionResult<DestinationView>>;
  update: (id: string, input: Omit<DestinationBody, "type">) => Promise<ActionResult<DestinationView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
  /** "Verify connection" of a saved destination (creates the repository when the place is empty). */
  verify: (id: string) => Promise<ActionResult<DestinationVerifyResult>>;
};
