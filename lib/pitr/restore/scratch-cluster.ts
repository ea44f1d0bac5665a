/* The throwaway cluster of a restore to a time: a scratch folder with a fixed prefix
 * (`lifeboat-pitr-<id>` under the scratch root), PostgreSQL of the base backup's major version
 * (/usr/lib/postgresql/<major>/bin) started on a random loopback port as the postgres user with
 * `restore_command`, `recovery_target_time` and `recovery_target_action=promote`, waited for until it
 * has promoted, asked for the time of the last replayed commit, and always stopped and removed
 * (`withScratchFolder`); folders left by a killed process are swept by `sweepScratchFolders`. */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { asPostgres, run, runOk } from "./proc";

export const SCRATCH_PREFIX = "lifeboat-pitr-";
export const scratchRoot = () => process.env.LIFEBOAT_PITR_SCRATCH ?? os.tmpdir();

export type ScratchCluster = { port: number; bin: string; data: string; socketDir: string; log: string };

/** Runs `fn` in a fresh scratch folder; the folder (and any cluster in it) is removed afterwards. */
export async function withScratchFolder<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = path.join(scratchRoot(), `${SCRATCH_PREFIX}${randomBytes(6).toString("hex")}`);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await writeFile(path.join(dir, "owner.pid"), String(process.pid));
  try {
    return await fn(dir);
  } finally {
    await removeScratch(dir);
  }
}

async function removeScratch(dir: string) {
  const data = path.join(dir, "data");
  if (existsSync(path.join(data, "postmaster.pid"))) {
    const bin = await binFor(data).catch(() => null);
    if (bin) await run(...asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]));
  }
  await rm(dir, { recursive: true, force: true });
}

/** Removes scratch folders whose owning process is gone (a restore killed mid-way); returns their names. */
export async function sweepScratchFolders(): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(scratchRoot()).catch(() => [] as string[])) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = path.join(scratchRoot(), name);
    const pid = Number(await readFile(path.join(dir, "owner.pid"), "utf8").catch(() => "0"));
    // Only folders this code made are swept: they carry owner.pid from the start (an empty folder is one
    // whose owner died before writing it). Anything else with the prefix belongs to someone else.
    if (!pid && (await readdir(dir).catch(() => ["?"])).length > 0) continue;
    if (pid === process.pid || (pid && alive(pid))) continue;
    await removeScratch(dir);
    removed.push(name);
  }
  return removed;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function binFor(data: string): Promise<string> {
  const major = (await readFile(path.join(data, "PG_VERSION"), "utf8")).trim();
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(bin, "postgres"))) {
    throw new Error(
      `The base backup is from PostgreSQL ${major}, but PostgreSQL ${major} is not installed here (${bin}).`,
    );
  }
  return bin;
}

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

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

const OWN_CONFIG = ["postgresql.conf", "postgresql.auto.conf", "pg_hba.conf"] as const;
const originalsDir = (dir: string) => path.join(dir, "original-conf");

/** Writes the recovery configuration over the base backup's own (its settings belong to another host);
 * the base backup's own files are kept aside first (`<scratch>/original-conf`, see restoreOriginalConfig). */
export async function configureRecovery(
  dir: string,
  files: { data: string; wal: string },
  targetTime: string | null,
  /** default: copy from the WAL folder (every file already there) */
  restoreCommand = `cp "${files.wal}/%f" "%p"`,
): Promise<ScratchCluster> {
  const keep = originalsDir(dir);
  if (!existsSync(keep)) {
    await mkdir(keep);
    for (const f of OWN_CONFIG) {
      const from = path.join(files.data, f);
      if (existsSync(from)) await writeFile(path.join(keep, f), await readFile(from));
    }
  }
  const port = await freePort();
  const socketDir = path.join(dir, "sock");
  await mkdir(socketDir, { recursive: true });
  const conf = [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = ${quote(socketDir)}`,
    `restore_command = ${quote(restoreCommand)}`,
    ...(targetTime ? [`recovery_target_time = ${quote(pgTime(targetTime))}`] : []),
    `recovery_target_action = 'promote'`,
    `archive_mode = off`,
    // Without hot standby the primary's max_connections & co. need not be matched.
    `hot_standby = off`,
    `shared_buffers = '128MB'`,
    `max_wal_size = '1GB'`,
    `logging_collector = off`,
    `log_min_messages = 'log'`,
  ].join("\n");
  await writeFile(path.join(files.data, "postgresql.conf"), `${conf}\n`);
  await writeFile(path.join(files.data, "postgresql.auto.conf"), "");
  await writeFile(path.join(files.data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
  await writeFile(path.join(files.data, "recovery.signal"), "");
  await rm(path.join(files.data, "postmaster.pid"), { force: true });
  const written = ["postgresql.conf", "postgresql.auto.conf", "pg_hba.conf", "recovery.signal"];
  await runOk("chown", ["postgres:postgres", socketDir, ...written.map((f) => path.join(files.data, f))]).catch(
    () => undefined,
  );
  return { port, bin: await binFor(files.data), data: files.data, socketDir, log: path.join(dir, "server.log") };
}

/** Starts the cluster and waits until recovery has ended and it has promoted. */
export async function recoverAndPromote(c: ScratchCluster, timeoutMs: number, signal?: AbortSignal) {
  const start = await run(
    ...asPostgres(path.join(c.bin, "pg_ctl"), ["-D", c.data, "-l", c.log, "-w", "-t", "3600", "start"]),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const log = await readFile(c.log, "utf8").catch(() => "");
    const fatal = whyStopped(log);
    if (fatal && !(await isUp(c))) throw new RecoveryFailed(fatal, log);
    if ((await query(c, "select pg_is_in_recovery()")) === "f") return;
    if (start.code !== 0 && !(await isUp(c))) throw new RecoveryFailed(start.stderr.trim() || "did not start", log);
    if (Date.now() > deadline) throw new RecoveryFailed("recovery took longer than allowed", log);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The FATAL/PANIC that stopped the server: not a refused connection of ours ("the database system is
 * not accepting connections" / "starting up" / "shutting down"), which a poll can log just before it. */
function whyStopped(log: string): string | null {
  const all = [...log.matchAll(/(FATAL|PANIC):\s+(.*)/g)].map((m) => m[2]!);
  const own = all.filter(
    (l) => !/^the database system is (not accepting connections|starting up|shutting down)/.test(l),
  );
  return own[0] ?? all[0] ?? null;
}

export class RecoveryFailed extends Error {
  constructor(
    readonly reason: string,
    readonly log: string,
  ) {
    super(`The throwaway cluster could not recover: ${reason} (${context(log)})`);
  }
}

/** The log lines that say why (errors and the lines just before the first FATAL). */
function context(log: string) {
  const lines = log.split("\n").filter((l) => /ERROR|FATAL|PANIC|line \d+|parameter/.test(l));
  return lines.slice(0, 4).join(" / ").slice(0, 1200);
}

async function isUp(c: ScratchCluster) {
  const r = await run(path.join(c.bin, "pg_isready"), ["-h", c.socketDir, "-p", String(c.port)]);
  return r.code === 0 || r.code === 1;
}

/** One value from the scratch cluster (as the postgres OS user over its socket); null when it failed. */
export async function query(c: ScratchCluster, sql: string, db = "postgres", user?: string): Promise<string | null> {
  const args = ["-h", c.socketDir, "-p", String(c.port), "-d", db, "-XAtqc", sql, ...(user ? ["-U", user] : [])];
  const r = await run(...asPostgres(path.join(c.bin, "psql"), args));
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The time of the last replayed commit (PostgreSQL's own word, from its log or the function). */
export async function lastReplayedCommit(c: ScratchCluster): Promise<string | null> {
  const log = await readFile(c.log, "utf8").catch(() => "");
  const stop = [...log.matchAll(/last completed transaction was at log time (.+)$/gm)].pop()?.[1];
  const v = stop ?? (await query(c, "select pg_last_xact_replay_timestamp()"));
  return v ? new Date(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString() : null;
}

/** Puts the base backup's own configuration back into a stopped cluster (a copy to hand out, like a
 * pg_basebackup): recovery settings gone; a cluster whose configuration lived outside its data directory
 * (Debian's /etc/postgresql) gets a minimal postgresql.conf, so it starts as it is. */
export async function restoreOriginalConfig(c: ScratchCluster) {
  const keep = originalsDir(path.dirname(c.data));
  for (const f of OWN_CONFIG) {
    const saved = path.join(keep, f);
    const to = path.join(c.data, f);
    if (existsSync(saved)) await writeFile(to, await readFile(saved));
    else if (f === "postgresql.conf")
      await writeFile(
        to,
        "# Written by Lifeboat: the source kept its configuration outside the data directory.\nlisten_addresses = 'localhost'\n",
      );
    else await rm(to, { force: true });
  }
  for (const f of ["recovery.signal", "standby.signal", "postmaster.opts"])
    await rm(path.join(c.data, f), { force: true });
  await runOk("chown", ["postgres:postgres", ...OWN_CONFIG.map((f) => path.join(c.data, f)).filter(existsSync)]).catch(
    () => undefined,
  );
}

export async function stopCluster(c: ScratchCluster) {
  await run(...asPostgres(path.join(c.bin, "pg_ctl"), ["-D", c.data, "-m", "fast", "-w", "stop"]));
}

/** ISO 8601 → the form recovery_target_time accepts ("2026-12-02 14:03:27.000+00"). */
export const pgTime = (iso: string) => new Date(iso).toISOString().replace("T", " ").replace("Z", "+00");
