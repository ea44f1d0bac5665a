/* Runs one short command-line probe (psql, mariadb, pg_dump --version, sqlite3) through the engine's
 * spawnTool (secrets only in the environment, no shell, own process group) with a deadline, and hands
 * back its exit, stdout and the tail of stderr. Owns the timeout; nothing here interprets the output. */
import "server-only";
import { exitedCleanly, spawnTool } from "@/lib/engine";

export type ProbeOutput = { ok: boolean; code: number | null; stdout: string; stderr: string; timedOut: boolean };

const MAX_STDOUT = 64 * 1024;

export async function runProbe(
  command: string,
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number; label?: string } = {},
): Promise<ProbeOutput> {
  const proc = spawnTool(command, args, { label: opts.label ?? command, env: opts.env, stdout: "pipe" });
  let stdout = "";
  proc.stdout.setEncoding("utf8");
  proc.stdout.on("data", (c: string) => {
    if (stdout.length < MAX_STDOUT) stdout += c;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, opts.timeoutMs ?? 20_000);
  const exit = await proc.exited.finally(() => clearTimeout(timer));
  return {
    ok: exitedCleanly(exit) && !timedOut,
    code: exit.code,
    stdout: stdout.trim(),
    stderr: proc.output.text(),
    timedOut,
  };
}

/** The last meaningful line of a tool's stderr, for a message ("FATAL: password authentication …"). */
export function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? "").slice(0, 400);
}
