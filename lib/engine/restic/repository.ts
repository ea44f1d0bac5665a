/* Whole-repository operations: init, check, stats, unlock (copy between repositories: ./copy.ts; keys:
 * ./keys.ts). Each takes the in-process repository lock in the mode the operation needs (check/unlock
 * exclusive, stats shared). `check` has no JSON in restic 0.14: its text is scanned for damage, and any
 * failure with damage becomes CheckFailed — never a green result. */
import { CheckFailed, ResticError } from "../errors";
import type { CheckOptions, CheckResult, Repo, StatsMode, StatsResult } from "../types";
import { tagFilterArgs } from "./command";
import { isCheckProblemLine, parseStatsJson } from "./events";
import { withRepoLock } from "./repo-lock";
import { displayUrl, runRestic } from "./run";

export class RepoExists extends ResticError {}

export async function initRepo(
  repo: Repo,
  opts: { copyChunkerParamsFrom?: Repo } = {},
): Promise<{ repositoryId?: string }> {
  const args = ["init", "--repository-version", "2"];
  if (opts.copyChunkerParamsFrom) args.push("--copy-chunker-params");
  let id: string | undefined;
  return withRepoLock(repo.url, "exclusive", async () => {
    try {
      await runRestic(repo, args, {
        what: "create the repository",
        fromRepo: opts.copyChunkerParamsFrom,
        retryLock: false,
        onStdoutLine: (l) => {
          id ??= /created restic repository ([0-9a-f]+)/.exec(l)?.[1];
        },
      });
    } catch (e) {
      if (e instanceof ResticError && /already exists|already initialized/i.test(e.stderr)) {
        throw new RepoExists(
          `A restic repository already exists at ${displayUrl(repo.url)}; connect to it instead of creating a new one.`,
          e,
        );
      }
      throw e;
    }
    return { repositoryId: id };
  });
}

/** The repository's `config` (`restic cat config`): its id and chunker polynomial. Two repositories
 * with different ids have different master keys (the id and the key are both made by `init`). */
export async function readRepoConfig(
  repo: Repo,
  opts: { signal?: AbortSignal } = {},
): Promise<{ id: string; version: number; chunkerPolynomial: string }> {
  let out = "";
  await runRestic(repo, ["cat", "config", "--no-lock"], {
    what: "read the repository's config",
    retryLock: false,
    signal: opts.signal,
    onStdoutLine: (l) => (out += l + "\n"),
  });
  const c = JSON.parse(out) as { id?: unknown; version?: unknown; chunker_polynomial?: unknown };
  if (typeof c.id !== "string") throw new ResticError("The repository's config has no id.");
  return { id: c.id, version: Number(c.version ?? 1), chunkerPolynomial: String(c.chunker_polynomial ?? "") };
}

export async function check(repo: Repo, opts: CheckOptions = {}): Promise<CheckResult> {
  const args = ["check"];
  if (opts.readData) args.push("--read-data");
  else if (opts.readDataSubset) {
    if (!/^(\d+\/\d+|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/.test(opts.readDataSubset)) {
      throw new Error(`readDataSubset "${opts.readDataSubset}" must be n/t, x% or a size`);
    }
    args.push("--read-data-subset", opts.readDataSubset);
  }
  return withRepoLock(
    repo.url,
    "exclusive",
    async () => {
      let problems: string[] = [];
      let tail: string[] = [];
      const collect = (l: string) => {
        if (isCheckProblemLine(l) && problems.length < 100) problems.push(l.trim().slice(0, 300));
        if (l.trim()) tail.push(l.trim());
        if (tail.length > 20) tail.shift();
      };
      try {
        await runRestic(repo, args, {
          what: "check the repository",
          onAttempt: () => {
            problems = [];
            tail = [];
          },
          onStdoutLine: collect,
          onStderrLine: collect,
          signal: opts.signal,
        });
      } catch (e) {
        if (
          e instanceof ResticError &&
          e.constructor === ResticError &&
          /contains errors|error/i.test(e.stderr + problems.join("\n"))
        ) {
          throw new CheckFailed(problems, e);
        }
        throw e;
      }
      // Exit 0 but damage reported would be a restic bug; still refuse to call it healthy.
      if (problems.length) throw new CheckFailed(problems, { exitCode: 0 });
      return { ok: true, output: tail.join("\n") };
    },
    opts.signal,
  );
}

export async function stats(
  repo: Repo,
  opts: { mode?: StatsMode; snapshotIds?: string[]; tags?: string[]; host?: string } = {},
): Promise<StatsResult> {
  const args = ["stats", "--json", "--mode", opts.mode ?? "restore-size", ...tagFilterArgs(opts.tags)];
  if (opts.host) args.push("--host", opts.host);
  if (opts.snapshotIds?.length) args.push("--", ...opts.snapshotIds);
  return withRepoLock(repo.url, "shared", async () => {
    let out = "";
    await runRestic(repo, args, { what: "read repository statistics", onStdoutLine: (l) => (out += l + "\n") });
    return parseStatsJson(out);
  });
}

/** Remove stale locks (left by a crashed or killed restic). `removeAll` also removes live ones: only for
 * an operator who knows no other process is using the repository. */
export async function unlock(repo: Repo, opts: { removeAll?: boolean } = {}): Promise<void> {
  const args = ["unlock"];
  if (opts.removeAll) args.push("--remove-all");
  return withRepoLock(repo.url, "exclusive", async () => {
    await runRestic(repo, args, { what: "remove stale locks", retryLock: false });
  });
}
