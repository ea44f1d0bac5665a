/* Re-key killed with SIGKILL at every step. For each step a real worker process (scripts/worker.ts)
 * runs a re-key with LIFEBOAT_TEST_PAUSE_AT=<point> (lib/keys/rotate/test-pause.ts), so it stops right
 * after that step's side effect and before the step is recorded — or just before / just after the switch's
 * transaction — and is killed there with everything it started (restic too). Then the bare restic CLI,
 * with the location and password Lifeboat has stored for the destination, must open the repository, list
 * both snapshots and restore the files byte-exact: the old repository up to the switch, the new one after
 * it. A second worker takes the job over after its lease and finishes it: the destination is on the new
 * repository, which holds both snapshots, and the old password does not open it. Real restic, real
 * PostgreSQL. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";
import { killTree, seedDestination, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";

const app = workerProcessAppFixture("lbt_rekey_crash", {
  keyByte: 7,
  tmpPrefix: "lb-rekey-crash",
  env: {
    LIFEBOAT_JOB_LEASE_SECONDS: "3",
    LIFEBOAT_SCHEDULER: "off",
  },
});
const { tmp, children, env } = app;

function restic(repo: string, password: string, args: string[]): string | null {
  try {
    return execFileSync("restic", ["-r", repo, "--no-cache", ...args], {
      env: { PATH: process.env.PATH, HOME: tmp, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    if (/wrong password/.test(String((e as { stderr?: string }).stderr))) return null;
    throw e;
  }
}

const POINTS = [
  "rekey_prepared",
  "rekey_initialized",
  "rekey_copied",
  "rekey_checked",
  "rekey_compared",
  "rekey_switch",
  "rekey_switched",
] as const;

it("a re-key killed at each step leaves the destination on a repository that opens and restores, and resumes", async () => {
  const { getDb } = await import("@/lib/db");
  const { users, destinations, repositoryRekeys } = await import("@/lib/db/schema");
  const { openSecret } = await import("@/lib/secrets");
  const { hashPassword } = await import("@/lib/auth/password");
  const { initializeRepositoryNow } = await import("@/lib/destinations/ensure-repository-initialized");
  const { requestRekey } = await import("@/lib/keys");
  const [user] = await getDb()
    .insert(users)
    .values({
      email: "rekey-admin@example.com",
      name: "Admin",
      role: "admin",
      passwordHash: await hashPassword("admin password 1"),
    })
    .returning();
  const admin = { id: user!.id, email: user!.email, role: "admin" as const, via: "session" as const };
  const stored = async (id: string) => {
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, id));
    return { path: String(row!.config.path), password: openSecret(row!.repoPasswordEnc) };
  };
  const site = path.join(tmp, "site");
  fs.mkdirSync(site);
  const files: Record<string, Buffer> = {};
  for (const f of ["one.bin", "two.txt"]) {
    files[f] = crypto.randomBytes(f.endsWith(".bin") ? 300_000 : 64);
    fs.writeFileSync(path.join(site, f), files[f]!);
  }
  /** Opens, lists both snapshots and restores the latest byte-exact; returns the repository's config id. */
  const opensAndRestores = (repo: { path: string; password: string }, what: string) => {
    const snaps = JSON.parse(restic(repo.path, repo.password, ["snapshots", "--json"]) ?? "null");
    expect(snaps, `${what}: the stored password opens ${repo.path}`).not.toBeNull();
    expect(snaps, what).toHaveLength(2);
    const out = path.join(tmp, `restore-${crypto.randomBytes(3).toString("hex")}`);
    restic(repo.path, repo.password, ["restore", "latest", "--target", out]);
    for (const [f, bytes] of Object.entries(files))
      expect(fs.readFileSync(path.join(out, site, f)).equals(bytes), `${what}: ${f}`).toBe(true);
    return JSON.parse(restic(repo.path, repo.password, ["cat", "config"])!).id as string;
  };

  for (const point of POINTS) {
    const repoPath = path.join(tmp, `repo-${point}`);
    const dest = await seedDestination(repoPath, `crash-${point}`);
    expect((await initializeRepositoryNow(dest.id)).ok).toBe(true);
    const old = await stored(dest.id);
    restic(old.path, old.password, ["backup", site, "--tag", "lifeboat", "--host", "crash"]);
    restic(old.path, old.password, ["backup", site, "--tag", "lifeboat", "--host", "crash"]);
    const oldId = opensAndRestores(old, "before");

    const pauseDir = path.join(tmp, `pause-${point}`);
    fs.mkdirSync(pauseDir);
    const paused = startProcess(
      "scripts/worker.ts",
      env({ LIFEBOAT_TEST_PAUSE_AT: point, LIFEBOAT_TEST_PAUSE_DIR: pauseDir }),
      children,
    );
    const { id } = await requestRekey(dest.id, { adminPassword: "admin password 1" }, admin);
    await waitFor(
      `the re-key to reach ${point}`,
      async () => fs.existsSync(path.join(pauseDir, `${point}.reached`)),
      120_000,
    );
    killTree(paused.pid!);
    await waitFor("the worker to be gone", async () => paused.exitCode !== null || paused.signalCode !== null);

    // Killed: what Lifeboat has stored opens a whole repository — the old one before the switch.
    const afterKill = await stored(dest.id);
    const idAfterKill = opensAndRestores(afterKill, `after a kill at ${point}`);
    if (point === "rekey_switched") expect(idAfterKill, point).not.toBe(oldId);
    else expect({ path: afterKill.path, id: idAfterKill }, point).toEqual({ path: old.path, id: oldId });

    // A second worker takes the job over after the lease and finishes it.
    const resumed = startProcess("scripts/worker.ts", env(), children);
    const row = await waitFor(
      `the re-key killed at ${point} to settle`,
      async () => {
        const [r] = await getDb().select().from(repositoryRekeys).where(eq(repositoryRekeys.id, id));
        return r && !["queued", "running"].includes(r.status) ? r : undefined;
      },
      180_000,
    );
    killTree(resumed.pid!);
    expect(row.status, `re-key killed at ${point}: ${row.error?.message}`).toBe("switched");
    const now = await stored(dest.id);
    expect(now.path).not.toBe(old.path);
    expect(opensAndRestores(now, `after the resume from ${point}`)).toBe(row.newRepositoryId);
    expect(row.oldRepositoryId).toBe(oldId);
    expect(restic(now.path, old.password, ["cat", "config"]), "the old password opens the new repository").toBeNull();
    // The old repository is still there (kept), untouched.
    expect(opensAndRestores(old, `the kept old repository (${point})`)).toBe(oldId);
  }
}, 1_500_000);
