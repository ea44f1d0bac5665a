/* Key rotation killed with SIGKILL at every step. For each step a real worker process (scripts/worker.ts)
 * runs a rotation with LIFEBOAT_TEST_PAUSE_AT=<step>, so it stops right after that step's side effect
 * (before the step is recorded, where there is one), and is killed there with everything it started.
 * Then the bare restic CLI must open the repository with the password Lifeboat has stored; a second
 * worker takes the job over after its lease and finishes it; then exactly one key is left — the new one,
 * opened by the stored password — and the old password opens nothing. Real restic, real PostgreSQL. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";
import { killTree, seedDestination, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";

const app = workerProcessAppFixture("lbt_rotate_crash", {
  keyByte: 5,
  tmpPrefix: "lb-rotate-crash",
  env: {
    LIFEBOAT_JOB_LEASE_SECONDS: "3",
    LIFEBOAT_SCHEDULER: "off",
  },
});
const { tmp, children, env } = app;

/** The repository's keys as the bare restic CLI lists them with `password`; null when it does not open. */
function resticKeys(repoPath: string, password: string): { id: string; current: boolean }[] | null {
  try {
    const out = execFileSync("restic", ["-r", repoPath, "key", "list", "--json", "--no-cache"], {
      env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out);
  } catch (e) {
    if (/wrong password/.test(String((e as { stderr?: string }).stderr))) return null;
    throw e;
  }
}

const STEPS = ["pending_stored", "key_added", "verified", "stored", "old_removed"] as const;

it("a rotation killed at each step leaves a repository the stored password opens, and resumes", async () => {
  const { getDb } = await import("@/lib/db");
  const { destinations, keyRotations } = await import("@/lib/db/schema");
  const { openSecret } = await import("@/lib/secrets");
  const { initializeRepositoryNow } = await import("@/lib/destinations/ensure-repository-initialized");
  const { requestRotation } = await import("@/lib/keys");
  const admin = { id: null, email: "admin@example.com", role: "admin" as const, via: "token" as const };
  const stored = async (id: string) => {
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, id));
    return openSecret(row!.repoPasswordEnc);
  };

  for (const step of STEPS) {
    const repoPath = path.join(tmp, `repo-${step}`);
    const dest = await seedDestination(repoPath, `crash-${step}`);
    expect((await initializeRepositoryNow(dest.id)).ok).toBe(true);
    const oldPassword = await stored(dest.id);
    const [oldKey] = resticKeys(repoPath, oldPassword)!;

    const pauseDir = path.join(tmp, `pause-${step}`);
    fs.mkdirSync(pauseDir);
    const paused = startProcess(
      "scripts/worker.ts",
      env({ LIFEBOAT_TEST_PAUSE_AT: step, LIFEBOAT_TEST_PAUSE_DIR: pauseDir }),
      children,
    );
    const { id } = await requestRotation(dest.id, admin);
    await waitFor(`the rotation to reach ${step}`, async () => fs.existsSync(path.join(pauseDir, `${step}.reached`)));
    killTree(paused.pid!);
    await waitFor("the worker to be gone", async () => paused.exitCode !== null || paused.signalCode !== null);

    // Killed: what Lifeboat has stored opens the repository.
    const keysAfterKill = resticKeys(repoPath, await stored(dest.id));
    expect(keysAfterKill, `after a kill at ${step}`).not.toBeNull();
    expect(keysAfterKill!.length, `keys after a kill at ${step}`).toBe(
      step === "pending_stored" ? 1 : step === "old_removed" ? 1 : 2,
    );

    // A second worker takes the job over after the lease and finishes the rotation.
    const resumed = startProcess("scripts/worker.ts", env(), children);
    const row = await waitFor(`the rotation killed at ${step} to settle`, async () => {
      const [r] = await getDb().select().from(keyRotations).where(eq(keyRotations.id, id));
      return r && !["queued", "running"].includes(r.status) ? r : undefined;
    });
    killTree(resumed.pid!);
    expect(row.status, `rotation killed at ${step}: ${row.error?.message}`).toBe("succeeded");
    const now = await stored(dest.id);
    expect(now).not.toBe(oldPassword);
    const keys = resticKeys(repoPath, now)!;
    expect(keys.map((k) => k.id)).toEqual([row.newKeyId]);
    expect(keys.some((k) => k.id === oldKey.id)).toBe(false);
    expect(resticKeys(repoPath, oldPassword)).toBeNull();
    const [d] = await getDb().select().from(destinations).where(eq(destinations.id, dest.id));
    expect(d!.pendingRepoPasswordEnc).toBeNull();
    expect(d!.keyRotatedAt).not.toBeNull();
  }
}, 900_000);
