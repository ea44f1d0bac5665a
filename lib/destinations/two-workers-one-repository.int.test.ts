/* README's "Running several nodes" recipe on one repository: two real worker processes (scripts/worker.ts,
 * what `npm run worker` runs; LIFEBOAT_EMBEDDED_WORKER=off, each with its own data directory as on two
 * hosts) on one throwaway PostgreSQL database, real restic. (1) Six environments' first backups into one
 * new local destination, started together: all six succeed on both workers, `restic init` ran exactly
 * once, the repository has one key and `restic check` is clean. (2) A retention (forget + prune) pinned to
 * one worker and a backup pinned to the other, on the same repository at the same time: every restic
 * process is timed by a wrapper (RESTIC_BIN), and no forget/prune process overlaps a backup process
 * (that repository is created beforehand with restic itself, so the case stands on its own). */
import { type ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { resticCheck, seedDestination, seedEnvironment, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";

const app = workerProcessAppFixture("lbt_two_workers", {
  keyByte: 5,
  tmpPrefix: "lb-two-workers",
  dataDir: "data-test",
  env: { LIFEBOAT_SCHEDULER: "off", LIFEBOAT_EMBEDDED_WORKER: "off" },
});
const { tmp, children } = app;
const resticLog = path.join(tmp, "restic-runs.log");
const wrapper = path.join(tmp, "restic-timed");
const OPERATOR = { id: null, email: "ops@example.com", role: "operator", via: "token" } as const;

const workerEnv = (label: string) => ({
  ...app.env(),
  LIFEBOAT_DATA_DIR: path.join(tmp, `data-${label}`),
  LIFEBOAT_WORKER_LABELS: label,
  LIFEBOAT_WORKER_CONCURRENCY: "3",
  LOG_LEVEL: "info",
  RESTIC_BIN: wrapper,
});

/** Runs the real restic and appends "<command> <start ns> <end ns> <worker pid> <exit code>" when it ends.
 * stdin is passed on explicitly (a background job would get /dev/null), SIGINT/SIGTERM are forwarded; the
 * real restic is found on PATH. */
const WRAPPER = `#!/bin/bash
# restic runs with a minimal environment: the log's path is written into the script.
LB_RESTIC_LOG='${resticLog}'
sub=unknown
for a in "$@"; do
  case "$a" in init|backup|forget|prune|snapshots|cat|check|list|unlock|key|ls|version|restore|dump|stats|copy)
    sub="$a"; break;;
  esac
done
start=$(date +%s%N)
restic "$@" <&0 &
child=$!
trap 'kill -INT $child 2>/dev/null' INT
trap 'kill -TERM $child 2>/dev/null' TERM
wait $child; code=$?
while kill -0 $child 2>/dev/null; do wait $child; code=$?; done
printf '%s %s %s %s %s\\n' "$sub" "$start" "$(date +%s%N)" "$PPID" "$code" >> "$LB_RESTIC_LOG"
exit $code
`;

type Run = { sub: string; start: number; end: number; worker: number; code: number };
function resticRuns(): Run[] {
  if (!fs.existsSync(resticLog)) return [];
  return fs
    .readFileSync(resticLog, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [sub, start, end, worker, code] = l.split(" ");
      return {
        sub: sub!,
        start: Number(start) / 1e6,
        end: Number(end) / 1e6,
        worker: Number(worker),
        code: Number(code),
      };
    });
}

function startWorker(label: string): Promise<ChildProcess> {
  const child = startProcess("scripts/worker.ts", workerEnv(label), children);
  return new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`worker ${label} did not start: ${out.slice(-2000)}`)), 90_000);
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("background services started")) {
        clearTimeout(t);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`worker ${label} exited ${code}`)));
  });
}

beforeAll(async () => {
  fs.writeFileSync(wrapper, WRAPPER, { mode: 0o755 });
  await Promise.all([startWorker("a"), startWorker("b")]);
});

async function services() {
  const { getDb } = await import("@/lib/db");
  const schema = await import("@/lib/db/schema");
  const { openSecret } = await import("@/lib/secrets");
  const { createBackup } = await import("@/lib/backups/create-backup");
  const { enqueueJob } = await import("@/lib/jobs/queue");
  const dbc = getDb();
  const { backups, jobs } = schema;
  const settle = (ids: string[]) =>
    waitFor(
      "the backups to finish",
      async () => {
        const rows = await dbc.select().from(backups).where(inArray(backups.id, ids));
        return rows.every((b) => !["queued", "running"].includes(b.status)) ? rows : undefined;
      },
      240_000,
    );
  const idle = () =>
    waitFor(
      "no job queued or running",
      async () => (await dbc.select().from(jobs)).every((j) => !["queued", "running"].includes(j.status)),
      240_000,
    );
  const backup = (environmentId: string) => createBackup({ environmentId, trigger: "manual", actor: OPERATOR });
  return { dbc, schema, openSecret, enqueueJob, settle, idle, backup };
}

function siteFiles(name: string, fill: number): string {
  const files = path.join(tmp, name);
  fs.mkdirSync(files, { recursive: true });
  fs.writeFileSync(path.join(files, "index.html"), `<h1>${name}</h1>`);
  fs.writeFileSync(path.join(files, "data.bin"), Buffer.alloc(200_000, fill));
  return files;
}

it("six first backups into one new repository, on two workers at once, all succeed", async () => {
  const { openSecret, settle, idle, backup } = await services();
  const repoPath = path.join(tmp, "new-repo");
  const dest = await seedDestination(repoPath, "new local"); // no repository there yet
  const envs = [];
  for (let i = 0; i < 6; i++) {
    const { env } = await seedEnvironment({
      slug: `site-${i}`,
      sources: [{ name: "files", type: "directory", config: { path: siteFiles(`site-${i}`, i) } }],
      destinationIds: [dest.id],
    });
    envs.push(env);
  }
  const since = Date.now();
  const started = await Promise.all(envs.map((e) => backup(e.id)));
  const done = await settle(started.map((b) => b.id));
  expect(done.map((b) => `${b.status} ${b.error?.message ?? ""}`.trim())).toEqual(Array(6).fill("succeeded"));
  await idle();
  const runs = resticRuns().filter((r) => r.end >= since);
  expect(runs.filter((r) => r.sub === "init")).toHaveLength(1);
  expect(new Set(runs.filter((r) => r.sub === "backup").map((r) => r.worker)).size).toBe(2); // both took backups
  const password = openSecret(dest.repoPasswordEnc);
  const keys = execFileSync("restic", ["-r", repoPath, "--no-cache", "key", "list", "--json"], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  expect(JSON.parse(keys)).toHaveLength(1);
  const [code, output] = resticCheck(repoPath, password);
  expect(output).toContain("no errors were found");
  expect(code).toBe(0);
});

it("a retention on one worker and a backup on the other never overlap on one repository", async () => {
  const { dbc, schema, openSecret, enqueueJob, settle, idle, backup } = await services();
  const { backups, backupSettings, destinations, jobs } = schema;
  // A repository that exists already (created here with restic itself, as before this change).
  const repoPath = path.join(tmp, "busy-repo");
  const dest = await seedDestination(repoPath, "busy local");
  const password = openSecret(dest.repoPasswordEnc);
  execFileSync("restic", ["-r", repoPath, "init", "--repository-version", "2"], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
  });
  await dbc.update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, dest.id));

  // Two backups of "kept" give its retention one to remove once at most one manual backup is kept.
  const { env: kept } = await seedEnvironment({
    slug: "kept",
    sources: [{ name: "files", type: "directory", config: { path: siteFiles("kept", 7) } }],
    destinationIds: [dest.id],
    maxManualBackups: 5,
  });
  const older = await backup(kept.id);
  expect((await settle([older.id]))[0]!.status).toBe("succeeded");
  const newer = await backup(kept.id);
  expect((await settle([newer.id]))[0]!.status).toBe("succeeded");
  await idle();
  await dbc.update(backupSettings).set({ maxManualBackups: 1 }).where(eq(backupSettings.environmentId, kept.id));

  // A slow backup pinned to worker a (a directory pinned to its host; the stream's producer waits 6 s, so
  // restic backup runs all that time)…
  const { env: slowEnv } = await seedEnvironment({
    slug: "slow-stream",
    sources: [
      {
        name: "stream",
        type: "command",
        config: { backupCommand: "sleep 6; head -c 3000000 /dev/urandom", restoreCommand: "cat > /dev/null" },
      },
      { name: "pinned files", type: "directory", config: { path: siteFiles("pinned", 8) }, workerLabel: "a" },
    ],
    destinationIds: [dest.id],
  });
  const since = Date.now();
  const slow = await backup(slowEnv.id);
  await waitFor("the slow backup to run", async () => {
    const [b] = await dbc.select().from(backups).where(eq(backups.id, slow.id));
    return b?.status === "running";
  });
  await new Promise((r) => setTimeout(r, 1500));
  // …and, meanwhile, the retention of "kept" pinned to worker b.
  const retentionJob = await enqueueJob({
    kind: "retention",
    subjectId: kept.id,
    environmentId: kept.id,
    params: {},
    label: "b",
  });
  expect((await settle([slow.id]))[0]!.status).toBe("succeeded");
  const retention = await waitFor(
    "the retention to finish",
    async () => {
      const [j] = await dbc.select().from(jobs).where(eq(jobs.id, retentionJob));
      return j && !["queued", "running"].includes(j.status) ? j : undefined;
    },
    240_000,
  );
  expect(retention.status).toBe("succeeded");
  const [removed] = await dbc.select().from(backups).where(eq(backups.id, older.id));
  expect(removed!.deletedAt).not.toBeNull(); // the retention did remove something
  await idle();

  const late = resticRuns().filter((r) => r.end >= since);
  const timeline = late
    .map((r) => `${r.sub} ${Math.round(r.start - since)}..${Math.round(r.end - since)} ms, worker ${r.worker}`)
    .join("; ");
  const exclusive = late.filter((r) => r.sub === "forget" || r.sub === "prune");
  const backupRuns = late.filter((r) => r.sub === "backup");
  expect(exclusive.length, timeline).toBeGreaterThanOrEqual(2);
  expect(backupRuns.length, timeline).toBeGreaterThanOrEqual(1);
  expect(new Set(exclusive.map((r) => r.worker)).size, timeline).toBe(1);
  expect(
    backupRuns.some((b) => b.worker !== exclusive[0]!.worker),
    timeline,
  ).toBe(true); // two different processes
  const overlaps = exclusive.flatMap((x) =>
    backupRuns
      .filter((b) => b.start < x.end && x.start < b.end)
      .map((b) => `${x.sub} overlaps a backup that ran ${Math.round(b.end - b.start)} ms`),
  );
  expect(overlaps, timeline).toEqual([]);
  expect(
    exclusive.every((r) => r.code === 0),
    timeline,
  ).toBe(true); // never refused by restic's own lock either
  const [code, output] = resticCheck(repoPath, password);
  expect(output).toContain("no errors were found");
  expect(code).toBe(0);
});
