/* Shared plumbing for the loopback test servers (S3, SFTP, REST): spawn a server process, wait until its
 * output says it listens (bounded, with the output in the error), stop it by pid and wait for the exit.
 * Owns nothing but the child process it starts; it never kills anything by name. */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import net from "node:net";

export type ServerProcess = {
  child: ChildProcess;
  /** The first match of `ready` in the combined output. */
  match: RegExpMatchArray;
  /** Everything the process wrote so far (kept to the last 8 KB). */
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export async function startServerProcess(
  name: string,
  command: string,
  args: string[],
  ready: RegExp,
  opts: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const child = spawn(command, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${timeoutMs} ms (${command} ${args.join(" ")}). Output:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-8192);
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not be started (${command}): ${e.message}`));
    });
    child.once("exit", (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${sig}). Output:\n${out}`));
    });
  });
  return {
    child,
    match,
    output: () => out,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (exited) return;
      child.kill(signal);
      const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitPromise;
      clearTimeout(t);
    },
  };
}

/** A port that was free a moment ago (for servers that cannot listen on port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
