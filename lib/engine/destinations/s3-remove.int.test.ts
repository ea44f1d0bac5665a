/* Removing a restic repository from S3 (real restic, s3rver over HTTPS): a repository with a snapshot
 * under one prefix is removed object by object — every restic object goes, an unrelated object under the
 * same prefix and another prefix's objects stay, and restic can no longer open the place. A prefix
 * without a restic `config` is refused and left as it was. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  backupPaths,
  type DestinationSpec,
  listS3Keys,
  listSnapshots,
  removeS3RepositoryOf,
  repoForDestination,
  initRepo,
  S3NotARepository,
} from "@/lib/engine";
import { type S3TestServer, startS3Server } from "@/test/support/servers/s3-server";

let s3: S3TestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-s3-remove-"));

beforeAll(async () => {
  s3 = await startS3Server({ buckets: ["shared"] });
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const spec = (prefix: string): DestinationSpec => ({
  type: "s3",
  config: { endpoint: `https://${s3.endpoint}`, bucket: "shared", prefix, pathStyle: true, caCert: s3.caCertPem },
  secrets: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  repoPassword: "remove me please 1",
});
const target = (prefix: string) => ({
  scheme: "https" as const,
  host: s3.endpoint,
  bucket: "shared",
  prefix,
  pathStyle: true,
  accessKeyId: s3.accessKeyId,
  secretAccessKey: s3.secretAccessKey,
  caCertPem: s3.caCertPem,
});

it("deletes every restic object under the prefix and nothing else", { timeout: 120_000 }, async () => {
  const repo = repoForDestination(spec("old"), { dataDir: tmp });
  await initRepo(repo);
  const src = path.join(tmp, "src");
  fs.mkdirSync(src);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(src, `f${i}.bin`), crypto.randomBytes(200_000));
  await backupPaths(repo, { paths: [src], tags: ["t"], host: "h" });
  expect(await listSnapshots(repo)).toHaveLength(1);
  await s3.putObject("shared", "old/README.txt", "not restic's");
  await s3.putObject("shared", "other/keep.txt", "another prefix");

  const before = await listS3Keys(target("old"));
  expect(before.some((k) => k.startsWith("old/data/"))).toBe(true);
  expect(before).toContain("old/config");
  const r = await removeS3RepositoryOf(spec("old"));
  expect(r).toEqual({ deleted: before.length - 1, leftAlone: 1 });
  expect(await listS3Keys(target("old"))).toEqual(["old/README.txt"]);
  expect(await listS3Keys(target("other"))).toEqual(["other/keep.txt"]);
  await expect(listSnapshots(repo)).rejects.toThrow();
});

it("refuses a prefix that holds no restic repository", { timeout: 60_000 }, async () => {
  await expect(removeS3RepositoryOf(spec("other"))).rejects.toBeInstanceOf(S3NotARepository);
  expect(await listS3Keys(target("other"))).toEqual(["other/keep.txt"]);
});
