/* applyRetention must decide exactly what restic's own `forget` decides on the same history. A real
 * repository gets a pool of snapshots made with `restic backup --time` (clustered around DST changes,
 * ISO-week, month and year boundaries) under a host per time zone; every snapshot carries random
 * history tags h0…hN, so each tag selects a different random history (`forget --tag hK`). For each
 * history a random policy (and every preset) is run through `restic forget --dry-run --json` and through
 * applyRetention; the kept sets and the rules that keep each snapshot must match. The UTC pool goes
 * through lib/engine (backupPaths with `time`, forget with `dryRun`) exactly as production does (the
 * engine pins restic to TZ=UTC); the Berlin and New York pools spawn restic with their TZ, which the
 * engine deliberately does not allow, to prove the calendar maths in zones with DST. */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "@/test/support/seeded-random";
import { backupPaths, forget, initRepo, policyArgs } from "@/lib/engine";
import { applyRetention, resolvePolicy, PRESET_IDS, type ResolvedRetention, type RetentionRule } from "./index";

const HISTORIES = 24;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-retention-"));
const repo = path.join(work, "repo");
const baseEnv: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  RESTIC_PASSWORD: "retention-test",
  RESTIC_REPOSITORY: repo,
  RESTIC_CACHE_DIR: path.join(work, "cache"),
};

const SEED = Number(process.env.RETENTION_SEED ?? Date.now() % 1_000_000);
const rnd = seededRandom(SEED); // seeded so a failing case can be replayed from the printed seed
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

function restic(args: string[], tz: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...baseEnv, TZ: tz } as unknown as NodeJS.ProcessEnv;
    const child = spawn("restic", args, { env, cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`restic ${args[0]} exited ${code}: ${err.slice(0, 500)}`)),
    );
  });
}

/** Wall-clock "YYYY-MM-DD HH:MM:SS" of an instant in a zone (what `restic backup --time` parses). */
function wall(at: Date, tz: string): string {
  const f = new Intl.DateTimeFormat("sv-SE", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  return f.format(at).replace("T", " ");
}

/** Instants that stress the bucket maths: DST changes, ISO week 53, month and year ends, plus noise. */
function poolInstants(count: number): Date[] {
  const anchors = [
    "2026-03-29T01:00:00Z",
    "2026-10-25T01:00:00Z",
    "2026-03-08T07:00:00Z",
    "2026-11-01T06:00:00Z",
    "2026-12-31T23:00:00Z",
    "2027-01-03T23:00:00Z",
    "2026-05-31T22:00:00Z",
    "2026-02-28T23:00:00Z",
  ].map((s) => new Date(s).getTime());
  const start = new Date("2025-09-01T00:00:00Z").getTime();
  const span = new Date("2027-03-01T00:00:00Z").getTime() - start;
  const out: Date[] = [];
  for (let i = 0; i < count; i++) {
    const t =
      rnd() < 0.55
        ? anchors[int(0, anchors.length - 1)] + int(-4 * 3600, 4 * 3600) * 1000
        : start + Math.floor(rnd() * span);
    out.push(new Date(Math.floor(t / 1000) * 1000));
  }
  return out;
}

type Snap = { id: string; time: Date; tags: string[] };
type Pool = { tz: string; host: string; snaps: Snap[]; viaEngine: boolean };
const pools: Pool[] = [
  { tz: "Europe/Berlin", host: "berlin", snaps: [], viaEngine: false },
  { tz: "America/New_York", host: "newyork", snaps: [], viaEngine: false },
  { tz: "UTC", host: "utc", snaps: [], viaEngine: true },
];
const engineRepo = {
  url: path.join(work, "engine-repo"),
  password: "retention-engine-test",
  cacheDir: path.join(work, "cache"),
};

beforeAll(async () => {
  console.log(`retention-vs-restic seed ${SEED} (replay with RETENTION_SEED=${SEED})`);
  execFileSync("restic", ["init", "-q"], { env: { ...baseEnv, TZ: "UTC" } as unknown as NodeJS.ProcessEnv });
  await initRepo(engineRepo);
  fs.writeFileSync(path.join(work, "data.txt"), "retention test data\n");
  const jobs: (() => Promise<void>)[] = [];
  for (const pool of pools) {
    const seen = new Set<string>();
    for (const at of poolInstants(pool.viaEngine ? 30 : 36)) {
      const time = wall(at, pool.tz);
      if (seen.has(time)) continue; // a repeated fall-back wall time would make an ambiguous tie
      seen.add(time);
      const tags = Array.from({ length: HISTORIES }, (_, k) => `h${k}`).filter(() => rnd() < 0.6);
      if (pool.viaEngine) {
        jobs.push(async () => {
          const r = await backupPaths(engineRepo, {
            paths: [path.join(work, "data.txt")],
            tags,
            host: pool.host,
            time: at,
          });
          pool.snaps.push({ id: r.snapshotId, time: at, tags });
        });
        continue;
      }
      const tagArgs = tags.flatMap((t) => ["--tag", t]);
      jobs.push(() =>
        restic(["backup", "-q", "--host", pool.host, "--time", time, ...tagArgs, "data.txt"], pool.tz).then(
          () => undefined,
        ),
      );
    }
  }
  // restic backups into one repository may run side by side (shared locks); three at a time.
  let next = 0;
  await Promise.all(
    [0, 1, 2].map(async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  const listed = JSON.parse(await restic(["snapshots", "--json"], "UTC")) as {
    id: string;
    time: string;
    hostname: string;
    tags?: string[];
  }[];
  for (const s of listed)
    pools
      .find((p) => p.host === s.hostname && !p.viaEngine)!
      .snaps.push({ id: s.id, time: new Date(s.time), tags: s.tags ?? [] });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function randomPolicy(): ResolvedRetention {
  const pick = (max: number) => (rnd() < 0.45 ? 0 : int(1, max));
  const withins = ["3d", "1w2d", "2m", "12h", "1y", "1m10d", "36h", "2w"];
  const p = resolvePolicy({
    keepLast: pick(4),
    keepHourly: pick(6),
    keepDaily: pick(6),
    keepWeekly: pick(5),
    keepMonthly: pick(5),
    keepYearly: pick(2),
    keepWithin: rnd() < 0.35 ? withins[int(0, withins.length - 1)] : undefined,
  });
  return policyArgs(p).length ? p : { ...p, keepDaily: 2 };
}

const MATCH: Record<string, RetentionRule> = {
  "last snapshot": "last",
  "hourly snapshot": "hourly",
  "daily snapshot": "daily",
  "weekly snapshot": "weekly",
  "monthly snapshot": "monthly",
  "yearly snapshot": "yearly",
};
const ruleOf = (m: string): RetentionRule =>
  MATCH[m] ?? (m.startsWith("within") ? "within" : (`?${m}` as RetentionRule));

/** What restic decides: keep set and the rules per kept snapshot (by time). */
async function resticDecision(
  pool: Pool,
  tag: string,
  policy: ResolvedRetention,
): Promise<{ keep: Set<string>; rules: Map<number, RetentionRule[]> }> {
  if (pool.viaEngine) {
    const r = await forget(engineRepo, {
      policy: { ...policy, keepWithin: policy.keepWithin ?? undefined },
      tags: [tag],
      host: pool.host,
      dryRun: true,
    });
    return {
      keep: new Set(r.keep.map((s) => s.id)),
      rules: new Map(r.keep.map((s) => [new Date(s.time).getTime(), (r.reasons[s.id] ?? []).map(ruleOf).sort()])),
    };
  }
  const out = await restic(
    ["forget", "--dry-run", "--no-lock", "--json", "--host", pool.host, "--tag", tag, ...policyArgs(policy)],
    "UTC",
  );
  const groups = JSON.parse(out) as {
    keep: { id: string }[] | null;
    remove: { id: string }[] | null;
    reasons: { snapshot: { time: string }; matches: string[] }[];
  }[];
  expect(groups).toHaveLength(1);
  return {
    keep: new Set((groups[0].keep ?? []).map((s) => s.id)),
    rules: new Map(groups[0].reasons.map((r) => [new Date(r.snapshot.time).getTime(), r.matches.map(ruleOf).sort()])),
  };
}

async function compare(pool: Pool, tag: string, policy: ResolvedRetention) {
  const history = pool.snaps.filter((s) => s.tags.includes(tag));
  if (history.length === 0) return 0;
  const { keep: resticKeep, rules: resticRules } = await resticDecision(pool, tag, policy);

  const ours = applyRetention(
    history.map((s) => ({ id: s.id, time: s.time, trigger: "scheduled" as const, status: "succeeded" as const })),
    policy,
    new Date(),
    { timezone: pool.tz },
  );
  const ctx = `seed ${SEED}, ${pool.tz}, ${tag}, ${policyArgs(policy).join(" ")}`;
  const same = ours.keep.length === resticKeep.size && ours.keep.every((d) => resticKeep.has(d.id));
  if (!same) {
    console.log(
      ctx,
      "\nrestic keeps",
      [...resticKeep].map((id) => history.find((h) => h.id === id)!.time.toISOString()).sort(),
      "\nwe keep",
      ours.keep.map((d) => `${d.time.toISOString()} ${d.rules.join(",")}`),
      "\nhistory",
      history
        .map((h) => h.time.toISOString())
        .sort()
        .reverse()
        .slice(0, 12),
    );
  }
  expect(new Set(ours.keep.map((d) => d.id)), ctx).toEqual(resticKeep);
  for (const d of ours.keep)
    expect([...d.rules].sort(), `${ctx} @ ${d.time.toISOString()}`).toEqual(resticRules.get(d.time.getTime()));
  expect(ours.keep.length + ours.remove.length).toBe(history.length);
  return history.length;
}

describe("applyRetention agrees with restic forget", () => {
  it(`on ${HISTORIES} random histories per time zone with random policies`, async () => {
    let histories = 0;
    let decided = 0;
    const cases = pools.flatMap((pool) =>
      Array.from({ length: HISTORIES }, (_, k) => ({ pool, tag: `h${k}`, policy: randomPolicy() })),
    );
    // dry-run forgets take no lock (--no-lock), so two run side by side.
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const n = await compare(c.pool, c.tag, c.policy);
          if (n > 0) histories++;
          decided += n;
        }
      }),
    );
    console.log(`compared ${histories} histories, ${decided} snapshot decisions`);
    expect(histories).toBeGreaterThanOrEqual(20 * pools.length);
  });
  it("for every preset", async () => {
    for (const pool of pools) {
      for (const id of PRESET_IDS) {
        const tag = `h${int(0, HISTORIES - 1)}`;
        if (id !== "keep-all") {
          await compare(pool, tag, resolvePolicy({ preset: id }));
          continue;
        }
        // "Keep all" never runs `restic forget` (it has no restic spelling): nothing is ever removed.
        const history = pool.snaps.filter((s) => s.tags.includes(tag));
        const all = applyRetention(
          history.map((s) => ({ id: s.id, time: s.time, trigger: "scheduled" as const, status: "succeeded" as const })),
          resolvePolicy({ preset: id }),
          new Date(),
          { timezone: pool.tz, keepAll: true },
        );
        expect(all.remove).toEqual([]);
        expect(all.keep).toHaveLength(history.length);
      }
    }
  });
});
