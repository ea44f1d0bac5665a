/* Removing a restic repository from a REST server (real restic, `rclone serve restic` over HTTPS with
 * basic auth): every key, snapshot, index and data file of a repository with a snapshot is deleted —
 * restic can no longer open it, the protocol's undeletable `config` is all that is left — and a second
 * repository on the same server is untouched. A path without a repository is refused. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  backupPaths,
  type DestinationSpec,
  initRepo,
  listRestFiles,
  listSnapshots,
  removeRestRepositoryOf,
  repoForDestination,
  RestNotARepository,
} from "@/lib/engine";
import { type RestTestServer, startRestServer } from "@/test/support/servers/rest-server";

let rest: RestTestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-rest-remove-"));

beforeAll(async () => {
  rest = await startRestServer({ user: "lb", password: "rest secret 1", tls: true });
}, 60_000);
afterAll(async () => {
  await rest?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const spec = (name: string): DestinationSpec => ({
  type: "rest",
  config: { url: `${rest.url}${name}`, caCert: rest.caCertPem },
  secrets: { username: "lb", password: "rest secret 1" },
  repoPassword: "remove me please 1",
});
const target = (name: string) => ({
  url: `${rest.url}${name}`,
  username: "lb",
  password: "rest secret 1",
  caCertPem: rest.caCertPem,
});

it("deletes every file the protocol can delete; the other repository stays", { timeout: 120_000 }, async () => {
  const src = path.join(tmp, "src");
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, "f.bin"), crypto.randomBytes(300_000));
  const old = repoForDestination(spec("old"), { dataDir: tmp });
  const other = repoForDestination(spec("other"), { dataDir: tmp });
  for (const repo of [old, other]) {
    await initRepo(repo);
    await backupPaths(repo, { paths: [src], tags: ["t"], host: "h" });
  }
  expect((await listRestFiles(target("old"), "data")).length).toBeGreaterThan(0);
  const keys = await listRestFiles(target("old"), "keys");
  expect(keys).toHaveLength(1);

  const r = await removeRestRepositoryOf(spec("old"));
  expect(r.deleted).toBeGreaterThanOrEqual(4);
  for (const type of ["keys", "snapshots", "index", "data"] as const)
    expect(await listRestFiles(target("old"), type)).toEqual([]);
  await expect(listSnapshots(old)).rejects.toThrow();
  expect(await listSnapshots(other)).toHaveLength(1);
});

it("refuses a path that holds no repository", { timeout: 60_000 }, async () => {
  await expect(removeRestRepositoryOf(spec("nothing-here"))).rejects.toBeInstanceOf(RestNotARepository);
});
