/* The server actions that change destinations, as the page passes them in (components import nothing
 * from app/). The Destinations page and the Backup Settings screen's inline "add" use the same `create`.
 * Types only. */
import type { CreatedDestination } from "@/lib/destinations/create-destination";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { DestinationVerifyResult } from "@/lib/destinations/verify-destination";
import type { ActionResult } from "@/lib/http/action-result";
import type { DestinationBody } from "./destination-input";

export type DestinationActions = {
  /** Saves it and creates its restic repository; `repository` says whether that worked and why not. */
  create: (input: DestinationBody) => Promise<ActionResult<CreatedDestination>>;
  update: (id: string, input: Omit<DestinationBody, "type">) => Promise<ActionResult<DestinationView>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
  /** "Verify connection" of a saved destination (creates the repository when the place is empty). */
  verify: (id: string) => Promise<ActionResult<DestinationVerifyResult>>;
};
