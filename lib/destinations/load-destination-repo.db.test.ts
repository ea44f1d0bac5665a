/* loadDestinationRepo: the one typed way from a destination id to the engine Repo. The repository
 * password comes opened from the sealed column, the SSH key file lands under the data directory given
 * (or LIFEBOAT_DATA_DIR), and a real restic run opens the local repository with that Repo. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import { env } from "@/lib/env";
import { listSnapshots } from "@/lib/engine";
import { createDestination } from "./create-destination";
import { loadDestinationRepo } from "./load-destination-repo";
import { loadDestinationSpec } from "./load-destination-spec";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-dest-repo-"));
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";
let admin: TestUser;

beforeAll(async () => {
  admin = await seedUser("admin");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("loadDestinationRepo", () => {
  it("opens a local destination's repository with its sealed password", async () => {
    const d = await createDestination(
      { name: "Local repo test", type: "local", config: { path: path.join(dir, "repo") } },
      admin.actor,
    );
    const dataDir = path.join(dir, "data");
    const repo = await loadDestinationRepo(d.id, { dataDir });
    expect(repo.url).toBe(path.join(dir, "repo"));
    expect(repo.password).toBe((await loadDestinationSpec(d.id)).repoPassword);
    expect(repo.password).toMatch(/.{16,}/);
    expect(repo.cacheDir).toBe(path.join(dataDir, "restic-cache"));
    // Adding the destination created its repository; the loaded Repo opens it.
    expect(d.repository).toMatchObject({ ready: true, created: true });
    expect(await listSnapshots(repo)).toEqual([]);
  });

  it("writes an SFTP key under the given data directory, else under LIFEBOAT_DATA_DIR", async () => {
    const d = await createDestination(
      {
        name: "SFTP repo test",
        type: "sftp",
        config: { host: "backup.example.test", user: "lb", path: "/srv/repo" },
        secrets: { privateKey: KEY },
      },
      admin.actor,
    );
    const dataDir = path.join(dir, "data-sftp");
    const repo = await loadDestinationRepo(d.id, { dataDir });
    const keys = fs.readdirSync(path.join(dataDir, "destinations")).filter((f) => f.startsWith("ssh-key-"));
    expect(keys).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, "destinations", keys[0]!), "utf8")).toBe(KEY);
    expect((fs.statSync(path.join(dataDir, "destinations", keys[0]!)).mode & 0o777).toString(8)).toBe("600");
    expect(JSON.stringify(repo)).not.toContain("not-a-real-key"); // the key is a file, never in the Repo
    const byDefault = await loadDestinationRepo(d.id);
    expect(byDefault.cacheDir).toBe(path.join(env().dataDir, "restic-cache"));
  });

  it("names a missing destination", async () => {
    await expect(loadDestinationRepo("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(loadDestinationRepo("not-an-id")).rejects.toMatchObject({ code: "not_found" });
  });
});
