/* Test fixture: inventory rows for job tests (a local destination, a project, an environment and its
 * sources), written straight into the app database the way the inventory services store them (secrets
 * sealed). Also the helpers integration tests share: throwaway database + migrations in a child process,
 * child processes of the worker, waiting on conditions, and killing a process tree like a dying host. */
import { spawn, spawnSync, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { backupSettings, destinations, environments, projects, sources } from "@/lib/db/schema";
import type { StoredRetention } from "@/lib/retention/schema";
import type { TSchedule } from "@/lib/schedules/schema";
import { sealJson, sealSecret } from "@/lib/secrets";

export const TSX = ["node_modules/.bin/tsx", "--conditions=react-server"] as const;

export function migrateInChild(env: NodeJS.ProcessEnv): void {
  const m = spawnSync(TSX[0], [TSX[1], "lib/jobs/test-fixtures/migrate.ts"], { env, encoding: "utf8" });
  if (m.status !== 0) throw new Error(`migrate failed: ${m.stderr}`);
}

export function startProcess(script: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  const child = spawn(TSX[0], [TSX[1], script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err = (err + d).slice(-4000)));
  child.stdout!.on("data", () => {});
  child.on("exit", (code, sig) => {
    if (code && code !== 0) console.error(`${script} exited ${code ?? sig}: ${err}`);
  });
  children.push(child);
  return child;
}

/** SIGKILL for a process and everything it started (restic, dump tools, hooks in their own groups). */
export function killTree(pid: number): void {
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    const out = spawnSync("pgrep", ["-P", String(p)], { encoding: "utf8" }).stdout.trim();
    for (const c of out ? out.split("\n") : []) walk(Number(c));
  };
  walk(pid);
  for (const p of all) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 120_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function seedDestination(repoPath: string, name = `local-${randomBytes(3).toString("hex")}`) {
  const [d] = await getDb()
    .insert(destinations)
    .values({
      name,
      type: "local",
      config: { path: repoPath },
      repoPasswordEnc: sealSecret(randomBytes(24).toString("hex")),
      isDefault: true,
    })
    .returning();
  return d!;
}

export type SeedSource = {
  name: string;
  type: "postgres" | "mysql" | "sqlite" | "directory" | "command";
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  workerLabel?: string;
};

export async function seedEnvironment(opts: {
  slug: string;
  type?: "production" | "staging" | "development";
  projectId?: string;
  sources: SeedSource[];
  destinationIds: string[];
  schedules?: TSchedule[];
  retention?: StoredRetention;
  maxManualBackups?: number;
}) {
  const db = getDb();
  const projectId =
    opts.projectId ??
    (
      await db
        .insert(projects)
        .values({ name: `P ${opts.slug}`, slug: `p-${opts.slug}` })
        .returning()
    )[0]!.id;
  const [env] = await db
    .insert(environments)
    .values({ projectId, name: opts.slug, slug: opts.slug, type: opts.type ?? "staging" })
    .returning();
  const rows = [];
  for (const s of opts.sources) {
    const [row] = await db
      .insert(sources)
      .values({
        environmentId: env!.id,
        name: s.name,
        type: s.type,
        config: s.config,
        secretsEnc: s.secrets ? sealJson(s.secrets) : null,
        workerLabel: s.workerLabel ?? null,
      })
      .returning();
    rows.push(row!);
  }
  await db.insert(backupSettings).values({
    environmentId: env!.id,
    destinationIds: opts.destinationIds,
    schedules: opts.schedules ?? [],
    retention: opts.retention ?? null,
    maxManualBackups: opts.maxManualBackups ?? null,
  });
  return { projectId, env: env!, sources: rows };
}

/** `restic check` on a local repository with its password; returns [exit code, output]. */
export function resticCheck(repoPath: string, password: string): [number, string] {
  try {
    const out = execFileSync("restic", ["-r", repoPath, "check", "--no-cache"], {
      env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return [0, out];
  } catch (e) {
    const err = e as { status: number; stdout?: string; stderr?: string };
    return [err.status, `${err.stdout ?? ""}${err.stderr ?? ""}`];
  }
}
