/* The Lifeboat side of the two-host test: host A's PostgreSQL holds Lifeboat's database; workers
 * (scripts/worker.ts) and probe workers start on host A or B with the README's recipe (DATABASE_URL to A's
 * address, the same LIFEBOAT_SECRET_KEY, LIFEBOAT_WORKER_LABELS); host B's processes see a directory
 * nobody else has (netns.ts). The test process itself reads and writes the database through the
 * cluster's Unix socket with Lifeboat's own modules (it is on neither host's network). */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { killTree, TSX, waitFor } from "@/lib/jobs/test-fixtures/seed";
import {
  ADDR_A,
  ADDR_B,
  type Cluster,
  type HostProcess,
  type Hosts,
  makeHosts,
  PG_PORT,
  psqlSocket,
  requireRootAndIp,
  runOnHost,
  startCluster,
  startOnHost,
  sweepStaleHosts,
} from "./netns";

export const LEASE_SECONDS = 5;

export type Worker = HostProcess & { id: string; host: "a" | "b" };

export type TwoHosts = {
  tmp: string;
  /** The folder that exists on host B only (inside B's processes' mount namespaces). */
  siteOnB: string;
  worker(host: "a" | "b", opts?: { labels?: string; scheduler?: boolean }): Promise<Worker>;
  probeWorker(host: "a" | "b", labels: string): Promise<HostProcess>;
  /** SIGTERM and wait until it has exited (a graceful stop). */
  stop(p: HostProcess): Promise<void>;
  /** SIGKILL of the process and everything it started, as when a host dies. */
  kill(p: HostProcess): Promise<void>;
  teardown(): Promise<void>;
};

export async function startTwoHosts(): Promise<TwoHosts> {
  requireRootAndIp();
  sweepStaleHosts();
  const tmp = fs.mkdtempSync("/tmp/lbh-");
  fs.chmodSync(tmp, 0o755);
  const procs: HostProcess[] = [];
  let hosts: Hosts | undefined;
  let cluster: Cluster | undefined;
  const mountpoint = path.join(tmp, "only-on-b");
  fs.mkdirSync(mountpoint);
  const siteOnB = path.join(mountpoint, "site");
  // What host B holds: made inside each B process's own tmpfs, the same bytes every time.
  const setup = `mkdir -p "${siteOnB}/uploads" && printf '<h1>only on host B</h1>' > "${siteOnB}/index.html" && head -c 300000 /dev/zero | tr '\\0' b > "${siteOnB}/uploads/b.bin"`;
  const secret = randomBytes(32).toString("base64");
  const hostEnv = (host: "a" | "b"): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: `postgres://postgres@${ADDR_A}:${PG_PORT}/lifeboat`,
    LIFEBOAT_DATA_DIR: path.join(tmp, `data-${host}`),
    LIFEBOAT_SECRET_KEY: secret,
    LIFEBOAT_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
    LIFEBOAT_ALERTS: "off",
    LIFEBOAT_TEST_RESTORES: "off",
    LIFEBOAT_CHECKS: "off",
    LOG_LEVEL: "info",
  });

  const teardown = async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.pid) killTree(p.child.pid);
    await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))])));
    const { stopBoss } = await import("@/lib/jobs/boss");
    const { closeDb } = await import("@/lib/db");
    await stopBoss().catch(() => {});
    await closeDb().catch(() => {});
    if (cluster) {
      cluster.stop();
      await Promise.race([cluster.server.exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (cluster.server.child.exitCode === null && cluster.server.child.pid) killTree(cluster.server.child.pid);
    }
    hosts?.remove();
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    hosts = makeHosts(`lbh${randomBytes(3).toString("hex")}`);
    cluster = await startCluster(hosts.a, path.join(tmp, "pg"), ADDR_A, [ADDR_A, ADDR_B]);
    psqlSocket(cluster.socketDir, "postgres", "create database lifeboat");
    Object.assign(process.env, {
      DATABASE_URL: `postgres://postgres@localhost:${PG_PORT}/lifeboat?host=${encodeURIComponent(cluster.socketDir)}`,
      LIFEBOAT_DATA_DIR: path.join(tmp, "data-test"),
      LIFEBOAT_SECRET_KEY: secret,
      LIFEBOAT_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      LOG_LEVEL: "warn",
    });
    (await import("@/lib/env")).resetEnvCache();
    // The schema is made from host A over its network address, as a node would.
    runOnHost(hosts.a, [...TSX, "lib/jobs/test-fixtures/migrate.ts"], hostEnv("a"));
  } catch (e) {
    await teardown();
    throw e;
  }
  const h = hosts;
  const ns = (host: "a" | "b") => (host === "a" ? h.a : h.b);
  const start = (host: "a" | "b", script: string, env: NodeJS.ProcessEnv) => {
    const p = startOnHost(
      ns(host),
      `host-${host}`,
      [...TSX, script],
      env,
      host === "b" ? { mountpoint, setup } : undefined,
    );
    procs.push(p);
    return p;
  };
  const started = (p: HostProcess, what: string) =>
    waitFor(
      what,
      async () => {
        if (p.child.exitCode !== null) throw new Error(`${what}: the process exited: ${p.output()}`);
        return /"msg":"worker started"/.test(p.output());
      },
      60_000,
    );

  return {
    tmp,
    siteOnB,
    async worker(host, opts = {}) {
      const p = start(host, "scripts/worker.ts", {
        ...hostEnv(host),
        LIFEBOAT_WORKER_LABELS: opts.labels ?? "",
        LIFEBOAT_SCHEDULER: opts.scheduler ? "on" : "off",
      });
      await started(p, `a worker on host ${host}`);
      const line = p
        .output()
        .split("\n")
        .find((l) => l.includes('"msg":"worker started"'))!;
      return { ...p, id: (JSON.parse(line) as { workerId: string }).workerId, host };
    },
    async probeWorker(host, labels) {
      const p = start(host, "lib/jobs/test-fixtures/probe-worker.ts", {
        ...hostEnv(host),
        LIFEBOAT_WORKER_LABELS: labels,
        PROBE_CONCURRENCY: "4",
        PROBE_POLL_MS: "100",
      });
      await started(p, `a probe worker on host ${host}`);
      return p;
    },
    async stop(p) {
      p.child.kill("SIGTERM");
      await p.exited;
    },
    async kill(p) {
      if (p.child.pid) killTree(p.child.pid);
      await p.exited;
    },
    teardown,
  };
}
