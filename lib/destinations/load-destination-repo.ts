/* Server-only: the engine Repo for a destination (its spec with secrets opened, then
 * repoForDestination, which writes the CA/SSH files under the data directory). The one way the read
 * side of backups (browse, download, delete) and the job runners open a destination's repository. The
 * Repo carries the repository password and keys: never return it to a browser, log it or put it in argv. */
import "server-only";
import { env } from "@/lib/env";
import { repoForDestination, type Repo } from "@/lib/engine";
import type { getDestinationRow } from "./get-destination";
import { destinationSpecOf, loadDestinationSpec } from "./load-destination-spec";

export async function loadDestinationRepo(id: string, opts: { dataDir?: string } = {}): Promise<Repo> {
  const spec = await loadDestinationSpec(id);
  return repoForDestination(spec, { dataDir: opts.dataDir ?? env().dataDir });
}

/** The same from a destination row already read. */
export function destinationRepoOf(row: Awaited<ReturnType<typeof getDestinationRow>>, opts: { dataDir?: string } = {}) {
  return repoForDestination(destinationSpecOf(row), { dataDir: opts.dataDir ?? env().dataDir });
}
