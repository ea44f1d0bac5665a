/* Child processes for dump tools, restore clients, user commands and hooks. Owns how they are spawned
 * (no shell unless the caller asks for `sh -c` explicitly, own process group so a kill reaches every
 * descendant), which environment they get (a small allowlist plus the caller's variables: secrets go in
 * the environment, never in argv), and how their stderr/output is kept (bounded, so a chatty tool cannot
 * grow memory). It must not touch restic: that is lib/engine/restic. Invariant: `exited` always settles,
 * and `kill()` is safe to call any number of times, also after exit. */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";

/** Variables a tool may inherit from the worker; everything else (DATABASE_URL, LIFEBOAT_SECRET_KEY,
 * RESTIC_…, AWS_…, stray PG… and MYSQL… settings) is withheld. */
const INHERITED_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL"];

export function toolEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of INHERITED_ENV) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  out.PATH ??= "/usr/local/bin:/usr/bin:/bin";
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}

/** Keeps the last `limit` bytes written to it (the end of a tool's stderr is where the reason is). */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  totalBytes = 0;
  constructor(private readonly limit = 4096) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) this.size -= this.chunks.shift()!.length;
  }

  get truncated(): boolean {
    return this.totalBytes > this.limit;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const tail = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    return (this.truncated ? "…" : "") + tail.toString("utf8").trimEnd();
  }
}

export type ToolExit = { code: number | null; signal: NodeJS.Signals | null };

export type ToolProcess = {
  /** What the user would recognise in an error message: "pg_dump", "mariadb", "backup command". */
  label: string;
  child: ChildProcess;
  stdout: Readable;
  stdin: Writable;
  /** Bounded tail of stderr (and of stdout too when `mergeOutput` was set). */
  output: OutputTail;
  exited: Promise<ToolExit>;
  /** Signals the whole process group; escalates to SIGKILL after `graceMs` if it is still alive. */
  kill(signal?: NodeJS.Signals, graceMs?: number): void;
};

export type SpawnToolOptions = {
  label: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** stdin: "pipe" to feed it, "ignore" for /dev/null. */
  stdin?: "pipe" | "ignore";
  /** stdout: "pipe" to read it, "capture" to fold it into `output` (hooks, restore clients). */
  stdout?: "pipe" | "capture";
  outputLimit?: number;
  /** Run the tool with a 1 MiB stdout buffer (coreutils `stdbuf`, when installed). Dump tools write a
   * few KiB at a time; each write wakes us for a read, and 28,000 reads of a 200 MB dump cost more CPU
   * than restic's own work on two cores. Only for tools whose stdout is read to its end. */
  bufferStdout?: boolean;
};

/** coreutils' stdbuf, if there is one on PATH (looked up once). */
let stdbufPath: string | null | undefined;
function findStdbuf(): string | null {
  if (stdbufPath === undefined) {
    const dirs = (process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(":");
    stdbufPath = dirs.map((d) => path.join(d, "stdbuf")).find((p) => fs.existsSync(p)) ?? null;
  }
  return stdbufPath;
}

export function spawnTool(command: string, args: string[], opts: SpawnToolOptions): ToolProcess {
  const stdio: StdioOptions = [opts.stdin ?? "ignore", "pipe", "pipe"];
  const stdbuf = opts.bufferStdout ? findStdbuf() : null;
  // stdbuf execs the tool in place (same pid, same process group); a missing tool exits 127 with
  // stdbuf's "failed to run command" on stderr instead of a spawn error.
  if (stdbuf) [command, args] = [stdbuf, ["-o1M", command, ...args]];
  const child: ChildProcess = spawn(command, args, {
    env: toolEnv(opts.env) as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    stdio,
    detached: true, // own process group: kill(-pid) reaches `sh -c` grandchildren too
    shell: false,
  });
  const output = new OutputTail(opts.outputLimit ?? 4096);
  child.stderr!.on("data", (c: Buffer) => output.push(c));
  if (opts.stdout === "capture") child.stdout!.on("data", (c: Buffer) => output.push(c));

  let done = false;
  const exited = new Promise<ToolExit>((resolve) => {
    child.once("error", (err) => {
      // ENOENT and friends: the tool is not installed. Report it the way a failed exit would be.
      output.push(Buffer.from(`\n${opts.label}: could not start ${command}: ${err.message}`));
      done = true;
      resolve({ code: 127, signal: null });
    });
    // 'exit', not 'close': a daemon the command left behind may hold stderr open forever. After the
    // exit, the output pipes get a moment to drain and are then let go. A piped stdout is not ours to
    // wait for: its reader sees its end (stream-backup waits for both the end and the exit code).
    child.once("exit", (code, signal) => {
      done = true;
      const drained = [child.stderr!, ...(opts.stdout === "capture" ? [child.stdout!] : [])].map(
        (s) =>
          new Promise<void>((r) => {
            if (s.destroyed || s.readableEnded) return r();
            const t = setTimeout(() => {
              s.destroy();
              r();
            }, 2000);
            s.once("close", () => {
              clearTimeout(t);
              r();
            });
          }),
      );
      void Promise.all(drained).then(() => resolve({ code, signal }));
    });
  });
  // A consumer that dies early makes writes to its stdin fail with EPIPE; the exit code tells the story.
  child.stdin?.on("error", () => {});

  const kill = (signal: NodeJS.Signals = "SIGTERM", graceMs = 3000) => {
    if (done || child.pid === undefined) return;
    signalGroup(child.pid, signal);
    if (signal !== "SIGKILL") {
      const t = setTimeout(() => {
        if (!done && child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
      }, graceMs);
      t.unref();
    }
  };

  return { label: opts.label, child, stdout: child.stdout!, stdin: child.stdin!, output, exited, kill };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

export function describeExit(e: ToolExit): string {
  return e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
}

export function exitedCleanly(e: ToolExit): boolean {
  return e.code === 0 && e.signal === null;
}
