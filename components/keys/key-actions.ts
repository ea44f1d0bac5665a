/* The server actions the Keys dialog gets from the Destinations page (components import nothing from
 * app/). Types only. */
import type { ActionResult } from "@/lib/http/action-result";
import type { DestinationRekeyState, TRekeyRequest } from "@/lib/keys/rekey/schema";
import type { DestinationKeysView, KeyRotationView, RepositoryKeyView, TAddKey } from "@/lib/keys/schema";

export type KeyActions = {
  list: (destinationId: string) => Promise<ActionResult<DestinationKeysView>>;
  add: (destinationId: string, input: TAddKey) => Promise<ActionResult<RepositoryKeyView>>;
  remove: (destinationId: string, keyId: string) => Promise<ActionResult<unknown>>;
  rotate: (destinationId: string) => Promise<ActionResult<{ id: string; jobId: string }>>;
  schedule: (destinationId: string, input: { rotationDays: number | null }) => Promise<ActionResult<unknown>>;
  rotation: (rotationId: string) => Promise<ActionResult<KeyRotationView>>;
  rekey: (destinationId: string, input: TRekeyRequest) => Promise<ActionResult<{ id: string; jobId: string }>>;
  rekeyState: (destinationId: string) => Promise<ActionResult<DestinationRekeyState>>;
};
