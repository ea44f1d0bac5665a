/* Opening a copy target's repository. A destination Lifeboat has never initialised is created here with
 * `restic init --copy-chunker-params` from the primary it copies from, so later backups straight into it
 * deduplicate against the copied data (restic copy never re-chunks). Creating it holds the target's
 * lock exclusively and the primary's shared; `initializedAt` is read again under the lock, so two
 * copies racing on a new target never both run `init`. A target that already holds a repository keeps
 * it (RepoExists). */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import type { OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { initRepo, RepoExists } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { withRepositoryLocks } from "./repository-pair-lock";

async function destinationRow(id: string) {
  const [row] = await getDb()
    .select({ name: destinations.name, initializedAt: destinations.initializedAt })
    .from(destinations)
    .where(eq(destinations.id, id));
  if (!row) throw new AppError("not_found", "The copy destination does not exist (any more).");
  return row;
}

export async function openCopyTarget(
  destinationId: string,
  primary: OpenedRepo,
  opts: { signal?: AbortSignal } = {},
): Promise<OpenedRepo & { created: boolean }> {
  const row = await destinationRow(destinationId);
  const repo = await loadDestinationRepo(destinationId);
  let created = false;
  if (!row.initializedAt) {
    await withRepositoryLocks(
      [
        { destinationId, mode: "exclusive" },
        { destinationId: primary.destinationId, mode: "shared" },
      ],
      async () => {
        if ((await destinationRow(destinationId)).initializedAt) return;
        try {
          await initRepo(repo, { copyChunkerParamsFrom: primary.repo });
          created = true;
        } catch (e) {
          if (!(e instanceof RepoExists)) throw e;
        }
        await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, destinationId));
      },
      { signal: opts.signal, purpose: "create the copy repository" },
    );
  }
  return { destinationId, name: row.name, repo, created };
}
