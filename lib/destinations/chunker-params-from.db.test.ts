/* `chunkerParamsFrom` on POST /api/v1/destinations (db-pglite and db-postgres, real restic): a
 * destination made to receive copies is created with `restic init --copy-chunker-params` from the named
 * one, so both repositories share the chunker polynomial (read with the bare restic CLI, `cat config`);
 * one created without it gets its own. An unknown id, a non-id and a destination without a repository
 * are refused with 400 naming the field, and nothing is saved. */
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
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-chunker-"));
let admin: TestUser;

beforeAll(async () => {
  admin = (await seedRoles()).admin;
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function create(name: string, extra: Record<string, unknown> = {}) {
  return call(destinationsRoute.POST, {
    method: "POST",
    token: admin.token,
    body: { name, type: "local", config: { path: path.join(tmp, name) }, ...extra },
  });
}

/** The chunker polynomial of a destination's repository, read with the bare CLI and its stored password. */
async function polynomial(name: string): Promise<string> {
  const [row] = await getDb().select().from(destinations).where(eq(destinations.name, name));
  const out = execFileSync("restic", ["-r", path.join(tmp, name), "--no-cache", "cat", "config"], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: openSecret(row!.repoPasswordEnc) } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  const p = (JSON.parse(out) as { chunker_polynomial: string }).chunker_polynomial;
  expect(p).toMatch(/^[0-9a-f]+$/);
  return p;
}

it("creates a copy target with the primary's chunker polynomial", async () => {
  const primary = await create("primary");
  expect(primary.status).toBe(201);
  const other = await create("independent");
  expect(other.status).toBe(201);
  const copy = await create("copy-target", { chunkerParamsFrom: primary.json.id });
  expect(copy.status).toBe(201);
  expect(copy.json.repository).toMatchObject({ ready: true, created: true });

  const p = await polynomial("primary");
  expect(await polynomial("copy-target")).toBe(p);
  // Without the field a repository draws its own (a random irreducible polynomial, so the two differ).
  expect(await polynomial("independent")).not.toBe(p);
});

it("refuses an unknown, malformed or uninitialised source with 400 naming the field", async () => {
  const unknown = await create("t-unknown", { chunkerParamsFrom: "00000000-0000-4000-8000-000000000000" });
  expect(unknown.status).toBe(400);
  expect(unknown.json.error.fields.chunkerParamsFrom).toMatch(/No such destination/);

  const malformed = await create("t-malformed", { chunkerParamsFrom: "primary" });
  expect(malformed.status).toBe(400);
  expect(malformed.json.error.fields.chunkerParamsFrom).toBeTruthy();

  // A destination whose repository could not be created (a file where the folder should be).
  fs.writeFileSync(path.join(tmp, "blocked"), "not a folder");
  const blocked = await create("blocked");
  expect(blocked.status).toBe(201);
  expect(blocked.json.repository.ready).toBe(false);
  const uninit = await create("t-uninit", { chunkerParamsFrom: blocked.json.id });
  expect(uninit.status).toBe(400);
  expect(uninit.json.error.fields.chunkerParamsFrom).toMatch(/no repository yet/);

  for (const name of ["t-unknown", "t-malformed", "t-uninit"]) {
    expect(await getDb().select().from(destinations).where(eq(destinations.name, name))).toEqual([]);
    expect(fs.existsSync(path.join(tmp, name))).toBe(false);
  }
});
