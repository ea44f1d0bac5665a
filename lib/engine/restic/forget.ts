/* Removing snapshots: `forget` by retention policy or by ids (with a dry run that reports keep/remove and
 * the reasons restic gives), and `prune` to free the space. Both change the repository and so hold it
 * alone inside this process — except a dry run, which only reads (restic `--no-lock`, shared lock).
 * Invariant: forgetting by ids only ever removes snapshots that exist and match the tag/host filter; an id
 * already gone is an error unless `missingOk` (then it is skipped). */
import { ResticError } from "../errors";
import type { ForgetOptions, ForgetResult, Repo, RetentionPolicy, Snapshot } from "../types";
import { tagFilterArgs } from "./command";
import { parseForgetJson } from "./events";
import { withRepoLock } from "./repo-lock";
import { runRestic } from "./run";
import { listSnapshotsUnlocked } from "./snapshots";

/** restic `forget` flags for a policy: the only place they are spelled (the retention tests compare
 * lib/retention's decision with restic given these same flags). */
export function policyArgs(p: RetentionPolicy): string[] {
  const args: string[] = [];
  const n = (flag: string, v: number | undefined) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} must be a whole number ≥ 0`);
    if (v > 0) args.push(flag, String(v));
  };
  n("--keep-last", p.keepLast);
  n("--keep-hourly", p.keepHourly);
  n("--keep-daily", p.keepDaily);
  n("--keep-weekly", p.keepWeekly);
  n("--keep-monthly", p.keepMonthly);
  n("--keep-yearly", p.keepYearly);
  if (p.keepWithin) {
    if (!/^(\d+[ymdh])+$/.test(p.keepWithin))
      throw new Error(`keepWithin "${p.keepWithin}" is not a duration like 30d or 1y6m`);
    args.push("--keep-within", p.keepWithin);
  }
  for (const t of p.keepTags ?? []) args.push("--keep-tag", t);
  return args;
}

export async function forget(repo: Repo, opts: ForgetOptions): Promise<ForgetResult> {
  if (!!opts.policy === !!opts.ids) throw new Error("forget needs either a policy or a list of snapshot ids");
  const mode = opts.dryRun ? "shared" : "exclusive";
  return withRepoLock(repo.url, mode, () =>
    opts.policy ? forgetByPolicy(repo, opts, opts.policy) : forgetByIds(repo, opts),
  );
}

async function forgetByPolicy(repo: Repo, opts: ForgetOptions, policy: RetentionPolicy): Promise<ForgetResult> {
  const rules = policyArgs(policy);
  // An empty policy would make restic keep everything (0.14) or refuse (newer): never a silent no-op.
  if (!rules.length) throw new Error("The retention policy keeps nothing; set at least one keep rule.");
  const args = ["forget", "--json", ...rules, ...tagFilterArgs(opts.tags)];
  if (opts.host) args.push("--host", opts.host);
  if (opts.groupBy !== undefined) args.push("--group-by", opts.groupBy);
  if (opts.dryRun) args.push("--dry-run", "--no-lock");
  let out = "";
  await runRestic(repo, args, {
    what: opts.dryRun ? "preview the retention policy" : "apply the retention policy",
    onStdoutLine: (l) => {
      // restic may print text lines (e.g. "Applying Policy") before the JSON document.
      if (out || l.trimStart().startsWith("[")) out += l + "\n";
    },
  });
  return parseForgetJson(out);
}

async function forgetByIds(repo: Repo, opts: ForgetOptions): Promise<ForgetResult> {
  const all = await listSnapshotsUnlocked(repo, { tags: opts.tags, host: opts.host });
  const remove: Snapshot[] = [];
  for (const id of opts.ids ?? []) {
    const matches = all.filter((s) => s.id.startsWith(id));
    if (!matches.length && opts.missingOk) continue;
    if (matches.length !== 1) {
      throw new ResticError(
        matches.length
          ? `The snapshot id ${id} is ambiguous; use the full id.`
          : `Snapshot ${id} was not found (or does not match the filter).`,
      );
    }
    if (!remove.includes(matches[0])) remove.push(matches[0]);
  }
  const keep = all.filter((s) => !remove.includes(s));
  if (!opts.dryRun && remove.length) {
    await runRestic(repo, ["forget", "--", ...remove.map((s) => s.id)], { what: "forget snapshots" });
  }
  return { keep, remove, reasons: {} };
}

export type PruneOptions = {
  /** restic `--max-unused` (e.g. "5%", "unlimited") */
  maxUnused?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
};

export async function prune(repo: Repo, opts: PruneOptions = {}): Promise<{ durationMs: number; output: string }> {
  const args = ["prune"];
  if (opts.maxUnused) args.push("--max-unused", opts.maxUnused);
  if (opts.dryRun) args.push("--dry-run");
  return withRepoLock(
    repo.url,
    "exclusive",
    async () => {
      const started = Date.now();
      const lines: string[] = [];
      await runRestic(repo, args, {
        what: "prune the repository",
        onStdoutLine: (l) => {
          if (/^(total|to repack|this removes|to delete|repacking|removing|remaining|frees)/i.test(l.trim()))
            lines.push(l.trim());
        },
        signal: opts.signal,
      });
      return { durationMs: Date.now() - started, output: lines.slice(-30).join("\n") };
    },
    opts.signal,
  );
}
