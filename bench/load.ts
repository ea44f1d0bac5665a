/* npm run bench:load — 50 browsing users against the real panel (`next start` of the e2e build, see
 * e2e/fixtures/server.ts) on the embedded database (PGlite; BENCH_LOAD_DB=postgres: a throwaway
 * PostgreSQL database on 127.0.0.1:5432). One environment holds 10,000 backups (one real, indexed backup
 * of a 3,020-file folder taken through the panel, then 10,000 older rows written straight into the
 * database with the panel stopped, sharing that snapshot's file index); 4 other environments each run
 * real small directory backups in a loop through the API (POST …/backups, poll GET /backups/:id every
 * BENCH_LOAD_RUNNER_POLL_MS = 1000 ms as the panel's progress view does, again), so 4 backups are
 * queued or running throughout. Two measurements, both printed with the machine's load average:
 * - "users" (the goal's measure): BENCH_LOAD_USERS (50) virtual users, each signed in with its own
 *   session, repeating a realistic browse with seeded think times (bench/support/load-users.ts) for
 *   BENCH_LOAD_USER_SECONDS (90); p50/p95/p99/errors/requests and offered rate per endpoint against the
 *   goal (p99 ≤ 250 ms, 0 errors), and the panel's CPU share;
 * - "saturation, 50 clients without think time": BENCH_LOAD_CLIENTS (50) autocannon connections per
 *   endpoint for BENCH_LOAD_SECONDS (10), each sending its next request the moment the last one is
 *   answered — far more than 50 people's load, kept so nothing looks better than it is.
 * BENCH_LOAD_MODE=users|saturation runs one only; BENCH_LOAD_ONLY=<regex> picks saturation endpoints;
 * BENCH_LOAD_THINK_MS ("1000-5000", uniform) and BENCH_LOAD_SEED (1) set the think times.
 * BENCH_LOAD_PROFILE=<dir>: a V8 CPU profile of the panel during each phase, written there and
 * summarised (self time by package and function, bench/support/cpu-profile-top.ts). */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, type RunningServer, startServer, stopProcessGroup } from "../e2e/fixtures/server";
import { summarise } from "./support/cpu-profile-top";
import { closedLoop, type Result } from "./support/load-measure";
import { seedLoad } from "./support/load-seed";
import { type Browse, browsingUsers, perEndpoint } from "./support/load-users";

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 50);
const USER_SECONDS = Number(process.env.BENCH_LOAD_USER_SECONDS ?? 90);
const SEED = Number(process.env.BENCH_LOAD_SEED ?? 1);
const RUNNER_POLL_MS = Number(process.env.BENCH_LOAD_RUNNER_POLL_MS ?? 1000);
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
const BACKUPS = Number(process.env.BENCH_LOAD_BACKUPS ?? 10_000);
const RUNNING = Number(process.env.BENCH_LOAD_RUNNING ?? 4);
const DB = process.env.BENCH_LOAD_DB === "postgres" ? "postgres" : "pglite";
const MODE = process.env.BENCH_LOAD_MODE ?? "both"; // users | saturation | both
const ONLY = new RegExp(process.env.BENCH_LOAD_ONLY ?? ".");
const THINK = (process.env.BENCH_LOAD_THINK_MS ?? "1000-5000").split("-").map(Number) as [number, number];
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

/** The browsed environment's folder: d0..d9 of `perDir` small files each and 20 files at the top. */
function siteTree(dir: string, perDir: number) {
  for (let d = 0; d < 10; d++) {
    fs.mkdirSync(path.join(dir, `d${d}`), { recursive: true });
    for (let f = 1; f <= perDir; f++)
      fs.writeFileSync(path.join(dir, `d${d}`, `file-${String(f).padStart(5, "0")}.bin`), crypto.randomBytes(64));
  }
  for (let f = 1; f <= 20; f++) fs.writeFileSync(path.join(dir, `top-${String(f).padStart(3, "0")}.txt`), `${f}\n`);
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
      await new Promise((r) => setTimeout(r, RUNNER_POLL_MS));
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

/** The machine's load average now, as `uptime` prints it: the machine is shared, so every figure has it. */
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

function line(name: string, r: Result, cpu: number, loadText: string): string {
  const ok = r.requests > 0 && r.p99 <= GOAL_P99 && r.errors === 0;
  return (
    `  ${name.padEnd(24)} p50 ${String(r.p50).padStart(6)} ms  p99 ${String(r.p99).padStart(6)} ms  ` +
    `errors ${String(r.errors).padStart(4)}  requests ${String(r.requests).padStart(6)}  ` +
    `cpu/req ${(r.requests ? cpu / r.requests : 0).toFixed(0).padStart(5)} ms  ${ok ? "ok    " : "MISSED"}  load ${loadText}`
  );
}

/** The same browse for every virtual user; each has its own session cookie. */
async function signInAll(base: string, n: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) cookies.push(await sessionCookie(base));
  return cookies;
}

async function main() {
  buildApp();
  let dbUrl: string | null = null;
  let dbName = "";
  if (DB === "postgres") {
    dbName = `lb_bench_loadmodel_${crypto.randomBytes(3).toString("hex")}`;
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
    siteTree(siteDir, 300);
    const big = await mkEnv("Production", siteDir);
    const busy = [];
    for (let i = 0; i < 4; i++) {
      const dir = path.join(tmp, `busy-${i}`);
      smallTree(dir);
      busy.push(await mkEnv(`Busy ${i}`, dir));
    }
    const dests = (await api(server.url, token, "GET", "/destinations")) as unknown as { items?: Json[] } | Json[];
    const destinationId = String((Array.isArray(dests) ? dests : (dests.items ?? []))[0]!.id);

    // 2. One real backup of the big environment (restic snapshot + the panel's own file index), then
    // 10,000 older backups straight into the database (PGlite: with the panel stopped, then started again).
    const real = (await api(server.url, token, "POST", `/environments/${big.id}/backups`, {})) as { id: string };
    for (;;) {
      const b = await api(server.url, token, "GET", `/backups/${real.id}`);
      if (b.status === "succeeded") break;
      if (!["queued", "running"].includes(String(b.status))) throw new Error(`real backup: ${b.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`[load] ${DB}: seeding ${BACKUPS} backups…`);
    const seed = { environmentId: big.id, sourceId: big.sourceId, destinationId, count: BACKUPS };
    const t0 = performance.now();
    if (DB === "pglite") {
      await stop(server);
      await seedLoad({ pgliteDir: path.join(dataDir, "db") }, seed);
      server = await startServer(serverEnv(dbUrl), { dataDir });
    } else {
      await seedLoad({ url: dbUrl! }, seed);
    }
    console.log(`[load] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const base = server.url;
    token = await bearer(base);
    const cookies = await signInAll(base, Math.max(USERS, 1));
    const cookie = cookies[0]!;
    const listUrl = `/api/v1/environments/${big.id}/backups?limit=50`;
    const first = (await api(base, token, "GET", listUrl.slice(7))) as { items: Json[]; nextCursor: string };
    const newest = String(first.items[0]!.id);
    if (newest !== real.id) throw new Error(`the newest backup is ${newest}, not the real one ${real.id}`);
    const later = await api(base, token, "GET", `${listUrl.slice(7)}&cursor=${first.nextCursor}`);
    const page2 = `${listUrl}&cursor=${encodeURIComponent(first.nextCursor)}`;
    const page3 = `${listUrl}&cursor=${encodeURIComponent(String(later.nextCursor))}`;
    const tab = `/projects/load/environments/${big.slug}/backups`;
    const files = (p: string) =>
      `/api/v1/backups/${newest}/files?sourceId=${big.sourceId}&path=${encodeURIComponent(p)}`;
    const browse: Browse = {
      dashboard: { name: "dashboard page", url: "/dashboard", kind: "page" },
      tab: { name: "Backups tab page", url: tab, kind: "page" },
      listPages: [
        { name: "backups list (page 1)", url: listUrl, kind: "api" },
        { name: "backups list (page 2)", url: page2, kind: "api" },
        { name: "backups list (page 3)", url: page3, kind: "api" },
      ],
      detail: { name: "backup detail page", url: `${tab}/${newest}`, kind: "page" },
      filesOnOpen: { name: "file browser /", url: files("/"), kind: "api" },
      folder: { name: "file browser /d3", url: files("/d3"), kind: "api" },
    };
    const all = [browse.dashboard, browse.tab, ...browse.listPages, browse.detail, browse.filesOnOpen, browse.folder];
    for (const e of all) {
      const probe = await fetch(base + e.url, { headers: { cookie }, redirect: "manual" });
      if (probe.status !== 200)
        throw new Error(`${e.name}: ${e.url} → ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
    }

    // 3. Four backups running throughout.
    let stopped = false;
    const finished: number[] = [];
    const loops = busy.slice(0, RUNNING).map((e) => backupLoop(base, token, e.id, () => stopped, finished));
    await new Promise((r) => setTimeout(r, 3000)); // let them start

    const out: string[] = [];
    const profiles: string[] = [];
    if (PROFILE) fs.mkdirSync(PROFILE, { recursive: true });
    if (MODE !== "saturation") {
      const loadBefore = load();
      const done0 = finished.length;
      await toggleProfile(server, profiles.length + 1, false);
      const cpu0 = cpuMs(server.child.pid!);
      const run = await browsingUsers({
        base,
        cookies: cookies.slice(0, USERS),
        browse,
        seconds: USER_SECONDS,
        think: THINK,
        seed: SEED,
      });
      const cpu = cpuMs(server.child.pid!) - cpu0;
      const file = await toggleProfile(server, profiles.length + 1, true);
      if (file) profiles.push(`users phase, ${file}\n${summarise(file, 20)}`);
      const loadAfter = load();
      out.push(
        `users: ${USERS} signed-in users × ${run.seconds.toFixed(0)} s, think ${THINK[0]}–${THINK[1]} ms uniform (seed ${SEED}), ` +
          `${run.iterations} browses completed, ${finished.length - done0} backups finished meanwhile; ` +
          `panel CPU ${((cpu / (run.seconds * 1000)) * 100).toFixed(0)} % of one core, ` +
          `${(cpu / Math.max(1, run.samples.length)).toFixed(0)} ms per request; load ${loadBefore} → ${loadAfter}`,
      );
      for (const r of perEndpoint(run)) {
        const ok = r.requests > 0 && r.p99 <= GOAL_P99 && r.errors === 0;
        out.push(
          `  ${r.endpoint.padEnd(32)} p50 ${String(r.p50).padStart(6)}  p95 ${String(r.p95).padStart(6)}  ` +
            `p99 ${String(r.p99).padStart(6)} ms  errors ${String(r.errors).padStart(3)}  requests ${String(r.requests).padStart(5)}  ` +
            `${r.perSecond.toFixed(2).padStart(6)}/s  ${ok ? "ok    " : "MISSED"}  load ${loadAfter}`,
        );
      }
      console.log(out.join("\n"));
    }
    if (MODE !== "users") {
      out.push(
        `saturation, ${CLIENTS} clients without think time (${SECONDS} s per endpoint; not the goal's measure):`,
      );
      for (const e of all.filter((x) => ONLY.test(x.name))) {
        const auth = { cookie }; // as the browser sends it, pages and API alike
        await toggleProfile(server, profiles.length + 1, false);
        const cpu0 = cpuMs(server.child.pid!);
        const r = await closedLoop(base + e.url, auth, CLIENTS, SECONDS);
        const cpu = cpuMs(server.child.pid!) - cpu0;
        const file = await toggleProfile(server, profiles.length + 1, true);
        if (file) profiles.push(`${e.name} (saturation), ${file}\n${summarise(file, 15)}`);
        out.push(line(e.name, r, cpu, load()));
        console.log(out.at(-1));
      }
    }
    stopped = true;
    await Promise.all(loops);
    console.log(
      `\nbench:load ${DB}, ${BACKUPS} backups, ${RUNNING} backups running (${finished.length} finished during the run); ` +
        `goal p99 ≤ ${GOAL_P99} ms, 0 errors; machine shared with other work (load average 1, 5, 15 min beside each figure; ${os.cpus().length} cores)\n${out.join("\n")}`,
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
