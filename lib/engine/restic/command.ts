/* Builds restic's argument list and environment for one run. Pure functions (unit-tested): no spawning
 * here. Invariants: secrets (the repository password, provider keys, REST credentials inside the URL)
 * only ever go into the environment, never into argv — the repository itself is passed as
 * RESTIC_REPOSITORY; only an allowlist of the parent's variables passes through, so a stray
 * RESTIC_PASSWORD_FILE/COMMAND (or AWS_* of the panel host) can never redirect a run. */
import type { Repo } from "../types";

/** Parent-process variables restic may see. Everything else is dropped. */
// Not SSH_AUTH_SOCK: an agent key of the panel host must never stand in for the destination's configured key.
export const PASSTHROUGH_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER"] as const;

/** Variables we always set to empty so restic's own fallbacks can't pick up a password elsewhere. */
const BLANKED = [
  "RESTIC_PASSWORD_FILE",
  "RESTIC_PASSWORD_COMMAND",
  "RESTIC_REPOSITORY_FILE",
  "RESTIC_FROM_PASSWORD_FILE",
  "RESTIC_FROM_PASSWORD_COMMAND",
  "RESTIC_FROM_REPOSITORY_FILE",
  "RESTIC_KEY_HINT",
  "RESTIC_FROM_KEY_HINT",
] as const;

/** Keys of repo.env that may not override what the engine controls. */
const RESERVED = new Set<string>([
  "RESTIC_PASSWORD",
  "RESTIC_REPOSITORY",
  "RESTIC_FROM_PASSWORD",
  "RESTIC_FROM_REPOSITORY",
  ...BLANKED,
]);

export type EnvBuildOptions = {
  /** the parent's environment to take allowlisted variables from (default process.env) */
  parentEnv?: Record<string, string | undefined>;
  /** copy: the source repository, passed as RESTIC_FROM_* */
  fromRepo?: Repo;
  /** extra engine-controlled variables (e.g. RESTIC_PROGRESS_FPS) */
  extra?: Record<string, string>;
};

export function buildResticEnv(repo: Repo, opts: EnvBuildOptions = {}): Record<string, string> {
  const parent = opts.parentEnv ?? process.env;
  const out: Record<string, string> = {};
  for (const k of PASSTHROUGH_ENV) {
    const v = parent[k];
    if (v !== undefined) out[k] = v;
  }
  if (!out.PATH) out.PATH = "/usr/local/bin:/usr/bin:/bin";
  // Provider variables of the source repository first, so the destination's win on a clash
  // (restic has only one set of AWS_* variables per process; callers copying between two S3
  // accounts must use the same credentials for both).
  for (const src of [opts.fromRepo?.env, repo.env]) {
    for (const [k, v] of Object.entries(src ?? {})) {
      if (RESERVED.has(k)) continue;
      out[k] = v;
    }
  }
  for (const k of BLANKED) out[k] = "";
  // restic parses --time and prints times in the local zone: pin it so results don't depend on the host.
  out.TZ = "UTC";
  out.RESTIC_REPOSITORY = repo.url;
  out.RESTIC_PASSWORD = repo.password;
  if (opts.fromRepo) {
    out.RESTIC_FROM_REPOSITORY = opts.fromRepo.url;
    out.RESTIC_FROM_PASSWORD = opts.fromRepo.password;
  }
  Object.assign(out, opts.extra ?? {});
  return out;
}

/** Global flags for a repository: cache, compression, extended options, CA certificates. */
export function globalArgs(repo: Repo, opts: { fromRepo?: Repo } = {}): string[] {
  const args: string[] = [];
  if (repo.cacheDir) args.push("--cache-dir", repo.cacheDir);
  if (repo.compression && repo.compression !== "auto") {
    if (repo.compression !== "max" && repo.compression !== "off")
      throw new Error(`Invalid compression "${repo.compression}": expected auto, max or off`);
    args.push("--compression", repo.compression);
  }
  const options = [...(opts.fromRepo?.options ?? []), ...(repo.options ?? [])];
  for (const o of new Set(options)) {
    if (!/^[A-Za-z0-9_.-]+=/.test(o)) throw new Error(`Invalid restic option "${o}": expected key=value`);
    args.push("-o", o);
  }
  const cas = [opts.fromRepo?.caCertPath, repo.caCertPath].filter((c): c is string => !!c);
  for (const ca of new Set(cas)) args.push("--cacert", ca);
  return args;
}

/** restic's `--time` format, in UTC (the env pins TZ=UTC). */
export function formatResticTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  );
}

/** `--tag a --tag b`: each flag is one tag. (A single `--tag a,b` means "a AND b" only for filtering.) */
export function tagArgs(tags: string[] | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    if (t.includes(",")) throw new Error(`Invalid tag "${t}": tags may not contain commas`);
    out.push("--tag", t);
  }
  return out;
}

/** Filter form: snapshots must carry ALL given tags, which restic expresses as one comma-joined list. */
export function tagFilterArgs(tags: string[] | undefined): string[] {
  if (!tags?.length) return [];
  for (const t of tags) if (t.includes(",")) throw new Error(`Invalid tag "${t}": tags may not contain commas`);
  return ["--tag", tags.join(",")];
}

export type BackupArgsInput = {
  paths?: string[];
  stdinFilename?: string;
  excludes?: string[];
  tags: string[];
  host: string;
  time?: Date;
  /** 64-hex id of the snapshot restic compares against (`--parent`). */
  parent?: string;
};

export function backupArgs(input: BackupArgsInput): string[] {
  const args = ["backup", "--json", "--host", input.host, ...tagArgs(input.tags)];
  if (input.time) args.push("--time", formatResticTime(input.time));
  for (const e of input.excludes ?? []) args.push("--exclude", e);
  if (input.parent) {
    if (!/^[0-9a-f]{8,64}$/.test(input.parent)) throw new Error(`Invalid parent snapshot id "${input.parent}"`);
    args.push("--parent", input.parent);
  }
  if (input.stdinFilename !== undefined) {
    if (!input.stdinFilename || input.stdinFilename.includes("/")) {
      throw new Error(`Invalid stdin file name "${input.stdinFilename}"`);
    }
    args.push("--stdin", "--stdin-filename", input.stdinFilename);
  } else {
    if (!input.paths?.length) throw new Error("backup needs at least one path");
    // "--" so a path starting with "-" is never read as a flag.
    args.push("--", ...input.paths);
  }
  return args;
}
