/* npm run bench:load — 50 browsing users against the real panel (`next start` of the e2e build, see
 * e2e/fixtures/server.ts) on the embedded database (PGlite; BENCH_LOAD_DB=postgres: a throwaway
 * PostgreSQL database on 127.0.0.1:5432). One environment holds 10,000 backups (rows written straight
 * into the database with the panel stopped: snapshot rows, and a file index of 3,020 entries for the
 * newest snapshots); 4 other environments each run real small directory backups in a loop through the
 * API (POST …/backups, wait until finished, again), so 4 backups are queued or running throughout.
 * Each endpoint is then loaded in turn in two modes (bench/support/load-measure.ts) and p50/p99/errors/
 * requests printed; the goal is p99 ≤ 250 ms and 0 errors:
 * - "closed loop": BENCH_LOAD_CLIENTS (50) autocannon connections for BENCH_LOAD_SECONDS (20), no think
 *   time — the worst case, far more than 50 people's load;
 * - "browsing": the same number of clients, each thinking BENCH_LOAD_THINK_MS ("1000-2000", uniform)
 *   between an answer and its next request.
 * Each line also shows the panel's CPU time per answered request (all of the process's CPU in that
 * phase, the 4 backups' share included, divided by the answers): latency depends on how busy the
 * shared machine is, CPU per request much less. BENCH_LOAD_MODE=closed|browsing runs one only; BENCH_LOAD_ONLY=<regex> picks endpoints by name.
 * BENCH_LOAD_PROFILE=<dir>: a V8 CPU profile of the panel during each closed-loop phase, written there
 * and summarised (self time by package and function, bench/support/cpu-profile-top.ts). */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, type RunningServer, startServer, stopProcessGroup } from "../e2e/fixtures/server";
import { summarise } from "./support/cpu-profile-top";
import { browsing, closedLoop, type Result } from "./support/load-measure";
import { seedLoad } from "./support/load-seed";

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
const BACKUPS = Number(process.env.BENCH_LOAD_BACKUPS ?? 10_000);
const RUNNING = Number(process.env.BENCH_LOAD_RUNNING ?? 4);
const DB = process.env.BENCH_LOAD_DB === "postgres" ? "postgres" : "pglite";
const MODE = process.env.BENCH_LOAD_MODE ?? "both";
const ONLY = new RegExp(process.env.BENCH_LOAD_ONLY ?? ".");
const THINK = (process.env.BENCH_LOAD_THINK_MS ?? "1000-2000").split("-").map(Number) as [number, number];
const PROFILE = process.env.BENCH_LOAD_PROFILE ? path.resolve(process.env.BENCH_LOAD_PROFILE) : null;
const GOAL_P99 = 250;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-load-"));
const admin = { email: "bench@lifeboat.test", password: `bench-${crypto.randomBytes(9).toString("base64url")}` };

type Json = Record<string, unknown>;
async function api(base: string, token: string, method: string, p: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function bearer(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...admin, name: "bench-load" }),
  });
  if (res.status !== 201) throw new Error(`token → ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Signs in through next-auth's credentials callback, as the login form does; returns the Cookie header. */
async function sessionCookie(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: base },
    body: new URLSearchParams({ csrfToken, ...admin, callbackUrl: `${base}/dashboard`, json: "true" }),
  });
  const all = [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])];
  if (!all.some((c) => c!.includes("session-token"))) throw new Error(`sign-in failed: ${res.status}`);
  return all.join("; ");
}

function serverEnv(dbUrl: string | null): Record<string, string> {
  const hook = path.join(__dirname, "support", "cpu-prof-hook.cjs");
  return {
    ...(PROFILE ? { NODE_OPTIONS: `--require ${hook}`, LB_CPU_PROF_DIR: PROFILE } : {}),
    LIFEBOAT_ADMIN_EMAIL: admin.email,
    LIFEBOAT_ADMIN_PASSWORD: admin.password,
    NEXTAUTH_SECRET: "bench-load-nextauth-secret-0123456789abcdef",
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, 9).toString("base64"),
    LOG_LEVEL: "warn",
    LIFEBOAT_TEST_RESTORES: "off",
    LIFEBOAT_CHECKS: "off",
    LIFEBOAT_SCHEDULER: "off",
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  };
}

async function stop(server: RunningServer): Promise<void> {
  stopProcessGroup(server.child.pid);
  if (server.child.exitCode === null) await new Promise((r) => server.child.once("exit", r));
}

function smallTree(dir: string) {
  for (let i = 0; i < 200; i++) {
    fs.mkdirSync(path.join(dir, `d${i % 8}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `d${i % 8}`, `f${i}.bin`), crypto.randomBytes(2048));
  }
}

/** Keeps one backup of `envId` queued or running until `stopped()`; counts finished runs. */
async function backupLoop(base: string, token: string, envId: string, stopped: () => boolean, done: number[]) {
  while (!stopped()) {
    const { id } = (await api(base, token, "POST", `/environments/${envId}/backups`, {})) as { id: string };
    for (;;) {
      const b = await api(base, token, "GET", `/backups/${id}`);
      if (!["queued", "running"].includes(String(b.status))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    done.push(1);
  }
}

/** Toggles the panel's CPU profile (cpu-prof-hook.cjs); on stop, waits until the file is written. */
async function toggleProfile(server: RunningServer, n: number, stopping: boolean): Promise<string | null> {
  if (!PROFILE) return null;
  process.kill(server.child.pid!, "SIGUSR2");
  if (!stopping) return null;
  const file = path.join(PROFILE, `${n}.cpuprofile`);
  while (!fs.existsSync(`${file}.done`)) await new Promise((r) => setTimeout(r, 100));
  return file;
}

/** The panel process's CPU time so far (user + system, ms), from /proc: unlike latency it does not
 * depend on how busy the rest of the machine is, so CPU per answered request compares runs fairly. */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

function line(name: string, mode: string, r: Result, cpu: number): string {
  const ok = r.requests > 0 && r.p99 <= GOAL_P99 && r.errors === 0;
  return (
    `  ${name.padEnd(22)} ${mode.padEnd(34)} p50 ${String(r.p50).padStart(6)} ms  p99 ${String(r.p99).padStart(6)} ms  ` +
    `errors ${String(r.errors).padStart(4)}  requests ${String(r.requests).padStart(6)}  ` +
    `cpu/req ${(r.requests ? cpu / r.requests : 0).toFixed(0).padStart(5)} ms  ${ok ? "ok" : "MISSED"}`
  );
}

async function main() {
  buildApp();
  let dbUrl: string | null = null;
  let dbName = "";
  if (DB === "postgres") {
    dbName = `lb_bench_load_${crypto.randomBytes(3).toString("hex")}`;
    execFileSync("createdb", ["-h", "127.0.0.1", "-U", "postgres", dbName]);
    dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  }
  let server = await startServer(serverEnv(dbUrl));
  const dataDir = server.dataDir;
  try {
    // 1. Project, the big environment and 4 busy ones, through the API.
    let token = await bearer(server.url);
    const project = await api(server.url, token, "POST", "/projects", { name: "Load", slug: "load" });
    const mkEnv = async (name: string, dir: string) => {
      const env = await api(server.url, token, "POST", `/projects/${project.id}/environments`, {
        name,
        type: "production",
      });
      const src = await api(server.url, token, "POST", `/environments/${env.id}/sources`, {
        name: "site",
        type: "directory",
        config: { path: dir },
      });
      return { id: String(env.id), slug: String(env.slug), sourceId: String(src.id) };
    };
    const siteDir = path.join(tmp, "site");
    smallTree(siteDir);
    const big = await mkEnv("Production", siteDir);
    const busy = [];
    for (let i = 0; i < 4; i++) {
      const dir = path.join(tmp, `busy-${i}`);
      smallTree(dir);
      busy.push(await mkEnv(`Busy ${i}`, dir));
    }
    const dests = (await api(server.url, token, "GET", "/destinations")) as unknown as { items?: Json[] } | Json[];
    const destinationId = String((Array.isArray(dests) ? dests : (dests.items ?? []))[0]!.id);

    // 2. 10,000 backups straight into the database (PGlite: with the panel stopped, then started again).
    console.log(`[load] ${DB}: seeding ${BACKUPS} backups…`);
    const seed = { environmentId: big.id, sourceId: big.sourceId, destinationId, root: siteDir };
    const t0 = performance.now();
    if (DB === "pglite") {
      await stop(server);
      await seedLoad({ pgliteDir: path.join(dataDir, "db") }, { ...seed, count: BACKUPS, indexed: 5, perDir: 300 });
      server = await startServer(serverEnv(dbUrl), { dataDir });
    } else {
      await seedLoad({ url: dbUrl! }, { ...seed, count: BACKUPS, indexed: 5, perDir: 300 });
    }
    console.log(`[load] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const base = server.url;
    token = await bearer(base);
    const cookie = await sessionCookie(base);
    const first = (await api(base, token, "GET", `/environments/${big.id}/backups?limit=50`)) as {
      items: Json[];
      nextCursor: string;
    };
    const newest = String(first.items[0]!.id);
    const later = await api(base, token, "GET", `/environments/${big.id}/backups?limit=50&cursor=${first.nextCursor}`);
    const cursor100 = String(later.nextCursor);

    // 3. Four backups running throughout.
    let stopped = false;
    const finished: number[] = [];
    const loops = busy.slice(0, RUNNING).map((e) => backupLoop(base, token, e.id, () => stopped, finished));

    const targets: { name: string; url: string; auth: Record<string, string> }[] = [
      { name: "dashboard page", url: "/dashboard", auth: { cookie } },
      {
        name: "backups list (page 1)",
        url: `/api/v1/environments/${big.id}/backups?limit=50`,
        auth: { authorization: `Bearer ${token}` },
      },
      {
        name: "backups list (page 3)",
        url: `/api/v1/environments/${big.id}/backups?limit=50&cursor=${cursor100}`,
        auth: { authorization: `Bearer ${token}` },
      },
      { name: "Backups tab page", url: `/projects/load/environments/${big.slug}/backups`, auth: { cookie } },
      {
        name: "file browser /d3",
        url: `/api/v1/backups/${newest}/files?sourceId=${big.sourceId}&path=/d3`,
        auth: { authorization: `Bearer ${token}` },
      },
    ];
    const lines: string[] = [];
    const profiles: string[] = [];
    if (PROFILE) fs.mkdirSync(PROFILE, { recursive: true });
    for (const t of targets.filter((x) => ONLY.test(x.name))) {
      const probe = await fetch(base + t.url, { headers: t.auth, redirect: "manual" });
      if (probe.status !== 200)
        throw new Error(`${t.name}: ${t.url} → ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
      if (MODE !== "browsing") {
        await toggleProfile(server, profiles.length + 1, false);
        const cpu0 = cpuMs(server.child.pid!);
        const r = await closedLoop(base + t.url, t.auth, CLIENTS, SECONDS);
        const cpu = cpuMs(server.child.pid!) - cpu0;
        const file = await toggleProfile(server, profiles.length + 1, true);
        if (file) profiles.push(`${t.name} (closed loop), ${file}\n${summarise(file, 15)}`);
        lines.push(line(t.name, "closed loop (worst case, no think)", r, cpu));
        console.log(lines.at(-1));
      }
      if (MODE !== "closed") {
        const cpu0 = cpuMs(server.child.pid!);
        const r = await browsing(base + t.url, t.auth, CLIENTS, SECONDS, THINK);
        lines.push(line(t.name, `browsing (think ${THINK[0]}–${THINK[1]} ms)`, r, cpuMs(server.child.pid!) - cpu0));
        console.log(lines.at(-1));
      }
    }
    stopped = true;
    await Promise.all(loops);
    console.log(
      `\nbench:load ${DB}, ${BACKUPS} backups, ${CLIENTS} clients × ${SECONDS} s per endpoint, ${RUNNING} backups running ` +
        `(${finished.length} finished during the run); goal p99 ≤ ${GOAL_P99} ms, 0 errors\n${lines.join("\n")}`,
    );
    for (const p of profiles) console.log(`\nCPU ${p}`);
  } finally {
    await stop(server).catch(() => {});
    if (dbName) spawnSync("dropdb", ["-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", dbName]);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
