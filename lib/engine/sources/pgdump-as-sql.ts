/* A stored PostgreSQL custom-format dump read back as plain SQL: `restic dump` streamed into
 * `pg_restore --file=-` (no database connection: pg_restore only converts), its stdout handed on.
 * Nothing touches the disk. Same invariant as dumpFile: the stream ends normally only when restic and
 * pg_restore both exited 0; on any failure it is destroyed and `done` rejects, so a truncated script
 * cannot pass for a whole one. A reader that stops early stops both processes. */
import { PassThrough } from "node:stream";
import { dumpFile } from "../restic/restore";
import type { DumpHandle, DumpOptions, Repo } from "../types";
import { describeExit, exitedCleanly, spawnTool } from "./child";

export function pgDumpAsSql(repo: Repo, opts: DumpOptions & { sourceName: string }): DumpHandle {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const proc = spawnTool("pg_restore", ["--file=-"], {
    label: "pg_restore",
    stdin: "pipe",
    stdout: "pipe",
    bufferStdout: true,
  });
  let finished = false;
  out.once("close", () => {
    if (finished) return;
    stop.abort();
    proc.kill("SIGTERM");
  });
  const fail = (err: Error): never => {
    if (out.listenerCount("error") > 0) out.destroy(err);
    else out.destroy();
    throw err;
  };

  const done = (async () => {
    const dump = dumpFile(repo, { snapshotId: opts.snapshotId, path: opts.path, signal });
    dump.stream.on("error", () => {});
    // pg_restore's stdin is ended only after restic dump succeeded: a cut-off dump must not reach EOF.
    dump.stream.pipe(proc.stdin, { end: false });
    proc.stdout.pipe(out, { end: false });
    const stdoutEnded = new Promise<void>((r) => {
      if (proc.stdout.readableEnded) r();
      else proc.stdout.once("end", () => r()).once("close", () => r());
    });
    let dumpError: Error | undefined;
    let clientFailedFirst = false;
    const clientExit = proc.exited.then((e) => {
      // pg_restore may exit 0 before reading the dump's last bytes: drain them so restic can finish
      // (an unread stream never ends). A failed pg_restore stops restic.
      dump.stream.unpipe(proc.stdin);
      dump.stream.resume();
      if (!exitedCleanly(e) && dumpError === undefined) {
        clientFailedFirst = true;
        stop.abort();
      }
      return e;
    });
    try {
      await dump.done;
      await new Promise<void>((r) => (dump.stream.closed ? r() : dump.stream.once("close", () => r())));
      proc.stdin.end();
    } catch (e) {
      dumpError = e as Error;
      proc.kill("SIGKILL");
    }
    const exit = await clientExit;
    if (dumpError && !clientFailedFirst) fail(dumpError);
    if (!exitedCleanly(exit)) {
      const why = proc.output.text();
      fail(
        new Error(
          `Converting the dump of "${opts.sourceName}" to SQL failed: pg_restore ${describeExit(exit)}` +
            (why ? `: ${why.slice(-800)}` : "."),
        ),
      );
    }
    await stdoutEnded;
    finished = true;
    out.end();
  })();
  done.catch(() => undefined);
  return { stream: out, done };
}
