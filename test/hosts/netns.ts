/* Two hosts on one machine for the `hosts` test project: two network namespaces joined by a veth pair
 * (addresses 10.213.0.1 and 10.213.0.2, which exist only inside them, so runs never clash), each with a
 * hostname of its own (a UTS namespace per process), a private PostgreSQL cluster on host A, and
 * processes started on a host with `ip netns exec`. A process on host B may get a directory that only B
 * sees: a tmpfs mounted in a private mount namespace (`unshare --mount`) over an empty folder, with the
 * content made there. Needs root and iproute2; `requireRootAndIp` says so clearly otherwise. */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ADDR_A = "10.213.0.1";
export const ADDR_B = "10.213.0.2";
export const PG_PORT = 54329;
const PG_BIN = "/usr/lib/postgresql/15/bin";

export function requireRootAndIp(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      "The hosts tests make network namespaces (ip netns) and mounts, so they must run as root (CI does: .ci/run). Run them with sudo, or skip the `hosts` project.",
    );
  const ip = spawnSync("ip", ["-V"], { encoding: "utf8" });
  if (ip.status !== 0) throw new Error("The hosts tests need iproute2's `ip` (apt-get install iproute2).");
  if (!fs.existsSync(path.join(PG_BIN, "initdb")))
    throw new Error(`The hosts tests need PostgreSQL 15's server binaries in ${PG_BIN} (apt-get install postgresql).`);
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8", stdio: "pipe" });

/** Removes namespaces of earlier runs that were killed before their clean-up (our prefix, no process
 * left inside); a live run's namespaces always hold its processes, so they are never touched. */
export function sweepStaleHosts(): void {
  const list = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout ?? "";
  for (const line of list.split("\n")) {
    const ns = line.split(" ")[0] ?? "";
    if (!/^lbh[0-9a-f]{6}[ab]$/.test(ns)) continue;
    const pids = spawnSync("ip", ["netns", "pids", ns], { encoding: "utf8" }).stdout?.trim();
    if (!pids) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  }
}

export type Hosts = { a: string; b: string; prefix: string; remove(): void };

/** Makes namespaces `<prefix>a` and `<prefix>b` joined by a veth pair. `prefix` ≤ 12 characters. */
export function makeHosts(prefix: string): Hosts {
  const a = `${prefix}a`;
  const b = `${prefix}b`;
  const remove = () => {
    for (const ns of [a, b]) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    spawnSync("ip", ["link", "del", `${prefix}x`], { stdio: "ignore" }); // only left if a step failed
  };
  try {
    run("ip", ["netns", "add", a]);
    run("ip", ["netns", "add", b]);
    run("ip", ["link", "add", `${prefix}x`, "type", "veth", "peer", "name", `${prefix}y`]);
    run("ip", ["link", "set", `${prefix}x`, "netns", a]);
    run("ip", ["link", "set", `${prefix}y`, "netns", b]);
    run("ip", ["-n", a, "addr", "add", `${ADDR_A}/24`, "dev", `${prefix}x`]);
    run("ip", ["-n", b, "addr", "add", `${ADDR_B}/24`, "dev", `${prefix}y`]);
    for (const [ns, dev] of [
      [a, `${prefix}x`],
      [b, `${prefix}y`],
    ] as const) {
      run("ip", ["-n", ns, "link", "set", "lo", "up"]);
      run("ip", ["-n", ns, "link", "set", dev, "up"]);
    }
  } catch (e) {
    remove();
    const why = (e as { stderr?: string }).stderr?.trim() || (e as Error).message;
    throw new Error(
      `Could not make the two hosts' network namespaces (${why}). They need root with CAP_SYS_ADMIN and CAP_NET_ADMIN (in a container: --privileged).`,
    );
  }
  return { a, b, prefix, remove };
}

export type HostProcess = { child: ChildProcess; output(): string; exited: Promise<number | null> };

/** Starts `argv` on host `ns` with hostname `hostname`; with `privateDir`, inside a mount namespace of
 * its own where `privateDir.mountpoint` is a fresh tmpfs and `privateDir.setup` (shell) has run. */
export function startOnHost(
  ns: string,
  hostname: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  privateDir?: { mountpoint: string; setup: string },
): HostProcess {
  const mount = privateDir
    ? `mount -t tmpfs -o size=64m tmpfs "${privateDir.mountpoint}" && (${privateDir.setup}) && `
    : "";
  const script = `hostname "${hostname}" && ${mount}exec "$@"`;
  const child = spawn(
    "ip",
    ["netns", "exec", ns, "unshare", "--uts", "--mount", "--propagation", "private", "sh", "-c", script, "sh", ...argv],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  // The first 20 kB (start-up lines) and the last 20 kB of what it printed.
  let head = "";
  let tail = "";
  const keep = (d: Buffer) => {
    const text = d.toString();
    if (head.length < 20_000) head += text;
    else tail = (tail + text).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => (tail ? `${head}\n…\n${tail}` : head), exited };
}

/** Runs `argv` on host `ns` to completion; throws with its output when it fails. */
export function runOnHost(ns: string, argv: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync("ip", ["netns", "exec", ns, ...argv], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} on ${ns} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export type Cluster = { dir: string; socketDir: string; server: HostProcess; stop(): void };

/** A private PostgreSQL 15 cluster under `dir` (made with initdb as the postgres user), listening on
 * `listen`:PG_PORT inside `ns` and on a Unix socket in `dir` (for the test process, which stays outside
 * the namespaces); pg_hba trusts the hosts' addresses and the socket. */
export async function startCluster(ns: string, dir: string, listen: string, clients: string[]): Promise<Cluster> {
  fs.mkdirSync(dir, { recursive: true });
  run("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  run("runuser", ["-u", "postgres", "--", path.join(PG_BIN, "initdb"), "-D", data, "-A", "trust", "-U", "postgres"]);
  const hba = ["local all all trust", ...clients.map((c) => `host all all ${c}/32 trust`)].join("\n");
  fs.writeFileSync(path.join(data, "pg_hba.conf"), `${hba}\n`);
  const server = startOnHost(
    ns,
    "host-a",
    [
      "runuser",
      "-u",
      "postgres",
      "--",
      path.join(PG_BIN, "postgres"),
      "-D",
      data,
      "-c",
      `listen_addresses=${listen}`,
      "-c",
      `port=${PG_PORT}`,
      "-c",
      `unix_socket_directories=${dir}`,
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
    ],
    process.env,
  );
  const until = Date.now() + 30_000;
  for (;;) {
    const ready = spawnSync(path.join(PG_BIN, "pg_isready"), ["-h", dir, "-p", String(PG_PORT)], { stdio: "ignore" });
    if (ready.status === 0) break;
    if (server.child.exitCode !== null || Date.now() > until)
      throw new Error(`PostgreSQL on host A did not start: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    dir,
    socketDir: dir,
    server,
    stop() {
      // Fast shutdown of the postmaster itself (runuser in between does not pass SIGINT on).
      const pidFile = path.join(data, "postmaster.pid");
      const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) : 0;
      if (pid > 0) {
        try {
          process.kill(pid, "SIGINT");
        } catch {
          /* gone */
        }
      }
    },
  };
}

/** psql through the cluster's socket (the test process is not on either host's network). */
export function psqlSocket(socketDir: string, db: string, sql: string): string {
  return run("psql", [
    "-h",
    socketDir,
    "-p",
    String(PG_PORT),
    "-U",
    "postgres",
    "-d",
    db,
    "-v",
    "ON_ERROR_STOP=1",
    "-qAtc",
    sql,
  ]);
}
