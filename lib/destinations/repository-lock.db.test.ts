/* The destination's repository lock and the one way a repository gets created, on both databases, with
 * real restic: six callers racing to initialise one new local destination create exactly one repository
 * with one key (on PostgreSQL each waits on its own connection, as two workers would); adding a
 * destination creates its repository and says so, or saves it and says why not; a destination recorded
 * as initialised is never initialised again; a busy repository ends a bounded wait with RepositoryBusy
 * naming the destination and what holds it. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { seedDestination } from "@/lib/jobs/test-fixtures/seed";
import { openSecret } from "@/lib/secrets";
import { createDestination } from "./create-destination";
import { ensureRepositoryInitialized } from "./ensure-repository-initialized";
import { RepositoryBusy, withRepositoryLock } from "./repository-lock";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-repo-lock-"));
let admin: TestUser;

beforeAll(async () => {
  admin = await seedUser("admin");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function restic(repoPath: string, password: string, args: string[]): string {
  return execFileSync("restic", ["-r", repoPath, "--no-cache", ...args], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
}

describe("ensureRepositoryInitialized", () => {
  it("creates one repository with one key when six callers race on a new destination", async () => {
    const repoPath = path.join(dir, "raced");
    const d = await seedDestination(repoPath, "raced");
    const results = await Promise.all(Array.from({ length: 6 }, () => ensureRepositoryInitialized(d.id)));
    expect(results.every((r) => r.ok && r.initialized)).toBe(true);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    const password = openSecret(d.repoPasswordEnc);
    const keys = JSON.parse(restic(repoPath, password, ["key", "list", "--json"])) as unknown[];
    expect(keys).toHaveLength(1);
    expect(restic(repoPath, password, ["check"])).toContain("no errors were found");
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, d.id));
    expect(row!.initializedAt).not.toBeNull();
  });

  it("never initialises a destination again once it was recorded as initialised", async () => {
    const repoPath = path.join(dir, "gone");
    const d = await seedDestination(repoPath, "gone");
    await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, d.id));
    expect(await ensureRepositoryInitialized(d.id)).toEqual({ ok: true, initialized: true, created: false });
    expect(fs.existsSync(path.join(repoPath, "config"))).toBe(false);
  });
});

describe("createDestination", () => {
  it("creates the repository of a new destination and says so", async () => {
    const repoPath = path.join(dir, "added");
    const started = Date.now();
    const d = await createDestination({ name: "Added", type: "local", config: { path: repoPath } }, admin.actor);
    expect(d.repository).toEqual({ ready: true, created: true });
    expect(d.initializedAt).not.toBeNull();
    expect(fs.existsSync(path.join(repoPath, "config"))).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("saves a destination whose repository cannot be created, and says why", async () => {
    const full = path.join(dir, "full");
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, "notes.txt"), "not a repository");
    const d = await createDestination({ name: "Full folder", type: "local", config: { path: full } }, admin.actor);
    expect(d.repository.ready).toBe(false);
    expect(d.repository.message).toMatch(/already holds files, but no restic repository/);
    expect(d.initializedAt).toBeNull();
    const [row] = await getDb().select().from(destinations).where(eq(destinations.id, d.id));
    expect(row!.initializedAt).toBeNull();
  });
});

describe("withRepositoryLock", () => {
  it("ends a bounded wait with RepositoryBusy naming the destination and what holds it", async () => {
    const d = await seedDestination(path.join(dir, "busy"), "Busy offsite");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const prune = withRepositoryLock(d.id, "exclusive", () => held, { purpose: "retention" });
    await new Promise((r) => setTimeout(r, 200));
    const err = await withRepositoryLock(d.id, "shared", async () => "ran", { waitMs: 600, purpose: "backup" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RepositoryBusy);
    expect((err as Error).message).toMatch(/^The repository of destination "Busy offsite" is busy: retention on /);
    expect((err as Error).message).toContain("alone");
    release();
    await prune;
    expect(await withRepositoryLock(d.id, "shared", async () => "ran", { waitMs: 2_000 })).toBe("ran");
  });

  it("passes an error of the work through unchanged and releases the lock", async () => {
    const d = await seedDestination(path.join(dir, "err"), "Err dest");
    const failure = new Error("restic prune failed");
    await expect(
      withRepositoryLock(d.id, "exclusive", async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await withRepositoryLock(d.id, "exclusive", async () => "free", { waitMs: 1_000 })).toBe("free");
  });
});
