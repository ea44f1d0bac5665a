/* The engine Repos of a re-key: the destination's repository as its row names it now, the new one (the
 * row's provider secrets with the re-key's location and password) and, after the switch, the old one
 * (kept on the re-key row until it is deleted). Built like every job's (lib/destinations), so the new
 * repository is reached exactly the way the old one was. Never logged or sent to a browser. */
import "server-only";
import type { destinations } from "@/lib/db/schema";
import { openDestinationSecrets } from "@/lib/destinations/destination-view";
import { repoForDestination, type DestinationSpec, type Repo } from "@/lib/engine";
import { env } from "@/lib/env";
import { openSecret } from "@/lib/secrets";
import type { RekeyRow } from "./rekey-rows";

type DestinationRow = typeof destinations.$inferSelect;

function specOf(dest: DestinationRow, config: Record<string, unknown>, passwordEnc: string): DestinationSpec {
  const secrets = openDestinationSecrets(dest);
  return {
    type: dest.type,
    config,
    ...(Object.keys(secrets).length ? { secrets } : {}),
    repoPassword: openSecret(passwordEnc),
  };
}

function repoOf(dest: DestinationRow, config: Record<string, unknown>, passwordEnc: string): Repo {
  return repoForDestination(specOf(dest, config, passwordEnc), { dataDir: env().dataDir });
}

/** The spec (config + provider secrets) of the repository a switched re-key left behind. */
export function keptOldSpecOf(dest: DestinationRow, row: RekeyRow): DestinationSpec | null {
  if (!row.oldConfig || !row.oldPasswordEnc) return null;
  return specOf(dest, row.oldConfig, row.oldPasswordEnc);
}

export async function oldRepoOf(dest: DestinationRow): Promise<Repo> {
  return repoOf(dest, dest.config, dest.repoPasswordEnc);
}

export async function newRepoOf(dest: DestinationRow, row: RekeyRow): Promise<Repo> {
  return repoOf(dest, row.newConfig, row.newPasswordEnc);
}
