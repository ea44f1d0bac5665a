/* Server-only: the engine's DestinationSpec for a destination, with its secrets and repository password
 * opened. For job runners, verify and the recovery kit only; never returned to a browser or logged. */
import "server-only";
import { openSecret } from "@/lib/secrets";
import type { DestinationSpec } from "@/lib/engine";
import { getDestinationRow } from "./get-destination";
import { openDestinationSecrets } from "./destination-view";

/** The engine's DestinationSpec plus the row's id and name (for messages and tags). */
export type LoadedDestinationSpec = DestinationSpec & { id: string; name: string };

export async function loadDestinationSpec(id: string): Promise<LoadedDestinationSpec> {
  return destinationSpecOf(await getDestinationRow(id));
}

/** The same from a row already read. */
export function destinationSpecOf(row: Awaited<ReturnType<typeof getDestinationRow>>): LoadedDestinationSpec {
  const secrets = openDestinationSecrets(row);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config: row.config,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    repoPassword: openSecret(row.repoPasswordEnc),
  };
}
