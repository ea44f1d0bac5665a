/* Shared by the fault suite (test/faults/*.fault.test.ts): a seeded random generator (the seed is printed
 * so a run can be repeated with LIFEBOAT_FAULT_SEED), the tally of "repositories corrupt / jobs stuck /
 * false green" each file adds to (global-setup.ts prints the sum at the end), restic on a destination
 * (check, snapshots, dump), and the count of rows left queued/running after the lease. */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

export { seededRandom } from "@/test/support/seeded-random";

export function faultSeed(): number {
  const given = Number(process.env.LIFEBOAT_FAULT_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

export type FaultCounts = { corrupt: number; stuck: number; falseGreen: number };

/** Adds one file's counts to the run's tally (a JSON line per file; global-setup.ts sums them). */
export function recordCounts(file: string, counts: FaultCounts, extra: Record<string, unknown> = {}): void {
  const out = process.env.LIFEBOAT_FAULT_COUNTS;
  console.log(
    `[faults] ${file}: repositories corrupt ${counts.corrupt}, jobs stuck ${counts.stuck}, false green ${counts.falseGreen}`,
  );
  if (out) fs.appendFileSync(out, `${JSON.stringify({ file, ...counts, ...extra })}\n`);
}

export type RepoAccess = { repo: string; password: string; env?: Record<string, string>; args?: string[] };
const base = (r: RepoAccess) => ["-r", r.repo, "--no-cache", ...(r.args ?? [])];

function resticEnv(r: RepoAccess): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RESTIC_PASSWORD: r.password,
    ...r.env,
  } as unknown as NodeJS.ProcessEnv;
}

/** The real `restic check` (with --read-data: small repositories); [exit code, output]. `unlockFirst`:
 * remove the locks of restic processes that were killed (what Lifeboat's own check does first). */
export function resticCheckAll(r: RepoAccess, opts: { unlockFirst?: boolean } = {}): [number, string] {
  if (opts.unlockFirst) spawnSync("restic", [...base(r), "unlock"], { env: resticEnv(r), stdio: "ignore" });
  const p = spawnSync("restic", [...base(r), "check", "--read-data"], {
    env: resticEnv(r),
    encoding: "utf8",
  });
  return [p.status ?? -1, `${p.stdout}${p.stderr}`];
}

export type ListedSnapshot = { id: string; short_id: string; tags?: string[] };

export function resticSnapshots(r: RepoAccess, tag?: string): ListedSnapshot[] {
  const args = [...base(r), "--no-lock", "snapshots", "--json", ...(tag ? ["--tag", tag] : [])];
  const out = execFileSync("restic", args, { env: resticEnv(r), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return (JSON.parse(out) as ListedSnapshot[] | null) ?? [];
}

/** Reads every file of a snapshot (`restic dump --archive tar <id> /`): true when all data came back. */
export function resticDumps(r: RepoAccess, snapshotId: string): boolean {
  const p = spawnSync("restic", [...base(r), "--no-lock", "dump", "--archive", "tar", snapshotId, "/"], {
    env: resticEnv(r),
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 30,
  });
  return p.status === 0;
}

/** The rows that say work is queued or running: jobs, backups, restores, integrity checks, test restores,
 * copies. */
export const UNSETTLED_SQL = `
  select 'job ' || j.kind || ' ' || j.id || ' ' || j.status || ' attempt ' || j.attempts
         || coalesce(' pg-boss ' || b.state::text, '') || coalesce(' last log: ' || (j.log -> -1 ->> 'message'), '') as row
    from jobs j left join pgboss.job b on b.id = j.id where j.status in ('queued','running')
  union all select 'backup ' || id || ' ' || status from backups where status in ('queued','running')
  union all select 'backup snapshot ' || id || ' ' || status from backup_snapshots
            where status in ('queued','running')
  union all select 'restore ' || id || ' ' || status from restores where status in ('queued','running')
  union all select 'check ' || id || ' ' || status from integrity_checks where status in ('queued','running')
  union all select 'test restore ' || id || ' ' || status from test_restores where status in ('queued','running')
  union all select 'copy ' || id || ' ' || status from backup_copies where status in ('queued','running')`;

export function psqlRows(url: string, sqlText: string): string[] {
  const out = execFileSync("psql", [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sqlText], {
    encoding: "utf8",
  }).trim();
  return out ? out.split("\n") : [];
}
