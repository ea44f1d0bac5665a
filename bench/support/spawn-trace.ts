/* Benchmarks only: records when this process starts and reaps child processes (restic, pg_dump, …),
 * by wrapping node:child_process.spawn in place (the engine calls it through the module object, and
 * syncBuiltinESMExports keeps ES-module imports in step). Times are Date.now() milliseconds, so they
 * compare with the timestamps Lifeboat writes on its rows. Costs one array push per spawn and exit. */
import childProcess from "node:child_process";
import path from "node:path";
import { syncBuiltinESMExports } from "node:module";

/** `sub`: the first argument (restic's command: backup, ls, snapshots…). */
export type SpawnEvent = { cmd: string; sub: string; start: number; exit?: number };

export function installSpawnTrace(): { since(t: number): SpawnEvent[] } {
  const events: SpawnEvent[] = [];
  const original = childProcess.spawn;
  const traced = ((...args: Parameters<typeof original>) => {
    const argv = Array.isArray(args[1]) ? (args[1] as readonly string[]) : [];
    const ev: SpawnEvent = { cmd: path.basename(String(args[0])), sub: String(argv[0] ?? ""), start: Date.now() };
    events.push(ev);
    const child = original(...args);
    child.once("exit", () => (ev.exit = Date.now()));
    return child;
  }) as typeof original;
  childProcess.spawn = traced;
  syncBuiltinESMExports();
  return { since: (t) => events.filter((e) => e.start >= t) };
}
