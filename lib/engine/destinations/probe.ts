/* Low-level probes used by verifyDestination: a bounded restic run that returns its raw exit code and
 * stderr (verification needs the raw text to tell more cases apart than the engine's typed errors do),
 * a DNS + TCP reachability check, and "is there anything at this location?" listings for folders and
 * SFTP. Spawns without a shell; secrets reach restic only through the environment built by the restic
 * wrapper's buildResticEnv. Never throws for a failed probe: it returns what it saw. */
import { type ChildProcess, spawn } from "node:child_process";
import dns from "node:dns/promises";
import fs from "node:fs";
import net from "node:net";
import { buildResticEnv, globalArgs } from "../restic/command";
import { resticBin } from "../restic/config";
import type { Repo } from "../types";

export type RunOutput = { code: number | null; stdout: string; stderr: string; timedOut: boolean };

/** Runs `restic <args>` against a repo with a hard time limit (SIGINT, then SIGKILL). */
export function runResticProbe(repo: Repo, args: string[], timeoutMs = 60_000): Promise<RunOutput> {
  return runBounded(resticBin(), [...globalArgs(repo), ...args], buildResticEnv(repo), timeoutMs);
}

export function runBounded(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  input?: string,
): Promise<RunOutput> {
  return new Promise((resolve) => {
    const stdin: "ignore" | "pipe" = input === undefined ? "ignore" : "pipe";
    const child: ChildProcess = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: [stdin, "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.on("data", (d: Buffer) => (stdout = (stdout + d.toString()).slice(-65536)));
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8192)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
    }, timeoutMs);
    child.on("error", (e: Error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + `\n${cmd}: ${e.message}`, timedOut });
    });
    child.on("close", (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

export type Reachability = { ok: true } | { ok: false; problem: "dns" | "unreachable"; detail: string };

/** Resolves the host name, then opens (and closes) a TCP connection to host:port. */
export async function checkReachable(host: string, port: number, timeoutMs = 10_000): Promise<Reachability> {
  const bare = host.replace(/^\[|\]$/g, "");
  let address: string;
  try {
    address = net.isIP(bare) ? bare : (await dns.lookup(bare)).address;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    return {
      ok: false,
      problem: "dns",
      detail: code === "EAI_AGAIN" ? "the DNS server did not answer" : "no such host",
    };
  }
  return new Promise((resolve) => {
    const sock = net.connect({ host: address, port });
    const done = (r: Reachability) => {
      sock.destroy();
      resolve(r);
    };
    sock.setTimeout(timeoutMs, () =>
      done({ ok: false, problem: "unreachable", detail: `no answer within ${Math.round(timeoutMs / 1000)} s` }),
    );
    sock.once("connect", () => done({ ok: true }));
    sock.once("error", (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "ECONNREFUSED"
          ? "connection refused"
          : e.code === "EHOSTUNREACH" || e.code === "ENETUNREACH"
            ? "no route to the host"
            : e.message;
      done({ ok: false, problem: "unreachable", detail: why });
    });
  });
}

/** Whether a local folder exists and has entries. */
export function localHasEntries(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/** ssh's own account of why an SFTP session does not start: restic sometimes loses ssh's stderr
 * ("read |0: file already closed"), so the same connection is tried once with the sftp client. */
export async function sftpDiagnose(opts: {
  sshOptions: string[];
  port: number;
  target: string;
  env: Record<string, string>;
}): Promise<string> {
  const r = await runBounded(
    "sftp",
    ["-b", "-", "-P", String(opts.port), ...opts.sshOptions, opts.target],
    opts.env,
    30_000,
    "pwd\n",
  );
  return r.code === 0 ? "" : r.stderr;
}

/** Whether an SFTP path has entries, listed through the same key and host-key settings restic uses.
 * `sshOptions` are ssh's `-o`/`-i`/`-F` options; port goes to sftp's `-P`. */
export async function sftpHasEntries(opts: {
  sshOptions: string[];
  port: number;
  target: string;
  path: string;
  env: Record<string, string>;
}): Promise<boolean | undefined> {
  const quoted = `"${opts.path.replace(/(["\\])/g, "\\$1")}"`;
  const r = await runBounded(
    "sftp",
    ["-b", "-", "-P", String(opts.port), ...opts.sshOptions, opts.target],
    opts.env,
    30_000,
    `ls -1a ${quoted}\n`,
  );
  if (r.code !== 0) return /not found|No such file/i.test(r.stderr) ? false : undefined;
  const names = r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("sftp>"))
    .map((l) => l.split("/").pop()!)
    .filter((n) => n !== "." && n !== "..");
  return names.length > 0;
}
