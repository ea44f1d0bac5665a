/* Snapshot listing and id resolution. `listSnapshots` is the public, locked entry point; the
 * `…Unlocked` helpers are for other engine operations that already hold the repository lock (taking it
 * twice could deadlock behind a queued exclusive operation). Invariant: ids returned are 64-hex. */
import { ResticError } from "../errors";
import type { Repo, Snapshot } from "../types";
import { tagFilterArgs } from "./command";
import { parseSnapshotsJson } from "./events";
import { localSnapshotIds } from "./local-repo";
import { withRepoLock } from "./repo-lock";
import { runRestic } from "./run";

export type ListSnapshotsOptions = { tags?: string[]; host?: string; ids?: string[]; signal?: AbortSignal };

export async function listSnapshotsUnlocked(repo: Repo, opts: ListSnapshotsOptions = {}): Promise<Snapshot[]> {
  const args = ["snapshots", "--json", ...tagFilterArgs(opts.tags)];
  if (opts.host) args.push("--host", opts.host);
  if (opts.ids?.length) args.push("--", ...opts.ids);
  let out = "";
  await runRestic(repo, args, {
    what: "list snapshots",
    onStdoutLine: (l) => {
      out += l + "\n";
    },
    signal: opts.signal,
  });
  const snaps = parseSnapshotsJson(out);
  return snaps.sort((a, b) => a.time.localeCompare(b.time));
}

export function listSnapshots(repo: Repo, opts: ListSnapshotsOptions = {}): Promise<Snapshot[]> {
  return withRepoLock(repo.url, "shared", () => listSnapshotsUnlocked(repo, opts), opts.signal);
}

/** Full 64-hex id for a (possibly short) id; the repository is asked only when the id is short (and,
 * for a local repository, only when its snapshot folder does not answer unambiguously). */
export async function resolveSnapshotId(repo: Repo, id: string): Promise<string> {
  if (/^[0-9a-f]{64}$/.test(id)) return id;
  if (!/^[0-9a-f]{4,63}$/.test(id)) throw new ResticError(`"${id}" is not a snapshot id.`);
  // A local repository's snapshot files are named by their full id: no restic start needed.
  const local = await localSnapshotIds(repo, id);
  if (local?.length === 1) return local[0];
  const snaps = await listSnapshotsUnlocked(repo, { ids: [id] });
  const matches = snaps.filter((s) => s.id.startsWith(id));
  if (matches.length !== 1) {
    throw new ResticError(
      matches.length
        ? `The snapshot id ${id} is ambiguous in this repository; use the full id.`
        : `Snapshot ${id} was not found in the repository (it may have been forgotten).`,
    );
  }
  return matches[0].id;
}
