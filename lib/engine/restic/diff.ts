/* `restic diff --json` between two snapshots of one repository: the paths that were added, removed or
 * modified (a folder's path ends in "/"). restic compares trees by their content-addressed ids and
 * descends only into subtrees whose id differs, so the cost follows the size of the change, not of the
 * snapshot. Read line by line (a large change is never held as one string); holds the repository's shared
 * in-process lock while restic runs. */
import readline from "node:readline";
import { z } from "zod";
import { Cancelled, classifyResticFailure } from "../errors";
import type { Repo } from "../types";
import { acquireRepoLock } from "./repo-lock";
import { displayUrl, spawnRestic } from "./run";

const ZChange = z.object({
  message_type: z.literal("change"),
  path: z.string(),
  modifier: z.string(),
});

export type SnapshotChange = { path: string; modifier: string };

const SNAPSHOT_ID = /^[0-9a-f]{4,64}$/;

export async function diffSnapshots(
  repo: Repo,
  fromId: string,
  toId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<SnapshotChange[]> {
  if (!SNAPSHOT_ID.test(fromId) || !SNAPSHOT_ID.test(toId)) throw new Error("diff needs two snapshot ids");
  const release = await acquireRepoLock(repo.url, "shared", opts.signal);
  try {
    const run = await spawnRestic(repo, ["diff", "--json", "--", fromId, toId], { signal: opts.signal });
    const out: SnapshotChange[] = [];
    const rl = readline.createInterface({ input: run.stdout, crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.startsWith("{")) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const c = ZChange.safeParse(json);
      if (c.success) out.push({ path: c.data.path, modifier: c.data.modifier });
    }
    const { code } = await run.exited;
    if (opts.signal?.aborted) throw new Cancelled("Comparing the snapshots was cancelled.");
    if (code !== 0)
      throw classifyResticFailure(code, run.stderrTail(), {
        what: "compare two snapshots",
        repoUrl: displayUrl(repo.url),
      });
    return out;
  } finally {
    release();
  }
}
