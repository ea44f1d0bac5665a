/* Small process helpers for the PITR restore: run a PostgreSQL tool (as the `postgres` OS user when
 * Lifeboat runs as root, since PostgreSQL refuses to run as root), collect its output, fail with its
 * stderr tail. No shell. */
import { spawn, type SpawnOptions } from "node:child_process";

export const asRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** argv that runs `cmd args` as the postgres user when we are root. */
export function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return asRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

export type RunResult = { code: number | null; stdout: string; stderr: string };

export function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["pipe", "pipe", "pipe"], shell: false });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => {
      stdout += c;
    });
    child.stderr!.on("data", (c) => {
      stderr = (stderr + c).slice(-8000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(opts.input ?? "");
  });
}

export async function runOk(
  cmd: string,
  args: string[],
  opts: SpawnOptions & { input?: string } = {},
): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args[0] ?? ""} failed (exit ${r.code}): ${r.stderr.trim().slice(-1500)}`);
  return r.stdout;
}
