/* Adding tags to one existing snapshot (`restic tag --add`). restic rewrites the snapshot, so its id
 * changes: the new id is returned (found by the tags just added and the unchanged snapshot time). Holds
 * the repository alone inside this process, like forget. */
import { ResticError } from "../errors";
import type { Repo } from "../types";
import { tagFilterArgs } from "./command";
import { withRepoLock } from "./repo-lock";
import { runRestic } from "./run";
import { listSnapshotsUnlocked } from "./snapshots";

export async function addSnapshotTags(
  repo: Repo,
  snapshotId: string,
  tags: string[],
  signal?: AbortSignal,
): Promise<string> {
  tagFilterArgs(tags); // refuses commas
  return withRepoLock(
    repo.url,
    "exclusive",
    async () => {
      const [before] = await listSnapshotsUnlocked(repo, { ids: [snapshotId], signal });
      if (!before) throw new ResticError(`Snapshot ${snapshotId} was not found.`);
      await runRestic(repo, ["tag", ...tags.flatMap((t) => ["--add", t]), "--", before.id], {
        what: "tag a snapshot",
        signal,
      });
      const after = await listSnapshotsUnlocked(repo, { tags, signal });
      const same = after.filter((s) => s.time === before.time && before.tags.every((t) => s.tags.includes(t)));
      if (same.length !== 1) throw new ResticError(`The tagged copy of snapshot ${before.id} was not found.`);
      return same[0].id;
    },
    signal,
  );
}
