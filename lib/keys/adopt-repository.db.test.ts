/* A repository password chosen when adding a destination (db-pglite and db-postgres, real restic): a
 * new repository is created with it (the bare restic CLI opens it with that password); an existing
 * repository is adopted with its password (its snapshots stay, no second key or config appears); a
 * wrong password for an existing repository is refused (422, nothing saved) and the unsaved verify says
 * `wrong_password`. The chosen password is never stored with the provider secrets or returned. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { verifyDestinationInput } from "@/lib/destinations/verify-destination-input";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-adopt-"));
let admin: TestUser;

function restic(repo: string, password: string, args: string[]): string {
  return execFileSync("restic", ["-r", repo, "--no-cache", ...args], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

beforeAll(async () => {
  admin = (await seedRoles()).admin;
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it("creates a new repository with the chosen password", async () => {
  const repo = path.join(tmp, "chosen");
  const r = await call(destinationsRoute.POST, {
    method: "POST",
    token: admin.token,
    body: {
      name: "chosen",
      type: "local",
      config: { path: repo },
      secrets: { repositoryPassword: "my own password 1" },
    },
  });
  expect(r.status).toBe(201);
  expect(r.json.repository).toMatchObject({ ready: true, created: true });
  expect(JSON.stringify(r.json)).not.toContain("my own password 1");
  expect(r.json.hasSecret).toBe(false);
  expect(JSON.parse(restic(repo, "my own password 1", ["key", "list", "--json"]))).toHaveLength(1);
});

it("adopts an existing repository with its password, and refuses a wrong one", async () => {
  const repo = path.join(tmp, "existing");
  restic(repo, "the old repo's password", ["init", "--repository-version", "2"]);
  fs.writeFileSync(path.join(tmp, "f.txt"), "kept");
  restic(repo, "the old repo's password", ["backup", path.join(tmp, "f.txt")]);
  const body = (pw: string, name: string) => ({
    name,
    type: "local",
    config: { path: repo },
    secrets: { repositoryPassword: pw },
  });

  const bad = await verifyDestinationInput(body("not its password", "x") as never);
  expect(bad).toMatchObject({ ok: false, problem: "wrong_password" });
  const good = await verifyDestinationInput(body("the old repo's password", "x") as never);
  expect(good).toEqual({ ok: true, initialized: true });

  const wrong = await call(destinationsRoute.POST, {
    method: "POST",
    token: admin.token,
    body: body("not its password", "adopt-wrong"),
  });
  expect(wrong.status).toBe(422);
  expect(wrong.json.error.fields["secrets.repositoryPassword"]).toMatch(/does not open/);
  expect(await getDb().select().from(destinations).where(eq(destinations.name, "adopt-wrong"))).toEqual([]);

  const r = await call(destinationsRoute.POST, {
    method: "POST",
    token: admin.token,
    body: body("the old repo's password", "adopted"),
  });
  expect(r.status).toBe(201);
  expect(r.json.repository).toMatchObject({ ready: true, created: false });
  const [row] = await getDb().select().from(destinations).where(eq(destinations.name, "adopted"));
  expect(openSecret(row!.repoPasswordEnc)).toBe("the old repo's password");
  expect(row!.secretsEnc).toBeNull();
  expect(JSON.parse(restic(repo, "the old repo's password", ["snapshots", "--json"]))).toHaveLength(1);
  expect(JSON.parse(restic(repo, "the old repo's password", ["key", "list", "--json"]))).toHaveLength(1);
  expect(fs.readdirSync(path.join(repo, "keys"))).toHaveLength(1);
});
