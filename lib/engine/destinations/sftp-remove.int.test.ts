/* Removing a restic repository over SFTP (real restic, Debian's sshd in the foreground with key auth and
 * a strict known_hosts; the server's files are on this machine, so the test reads them directly). A
 * repository with a snapshot is removed with sftp batches: restic can no longer open it and the folder is
 * gone. One with a foreign README beside restic's files keeps only that README (the folder stays, the
 * count says one other entry was left alone). A folder that is not a repository is refused, untouched. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { backupPaths, type DestinationSpec, initRepo, listSnapshots, repoForDestination } from "@/lib/engine";
import { type SftpTestServer, startSftpServer } from "@/test/support/servers/sftp-server";
import { removeSftpRepositoryOf, SftpNotARepository } from "./sftp-remove";

let sftp: SftpTestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copyleft-sftp-remove-"));

beforeAll(async () => {
  sftp = await startSftpServer();
}, 60_000);
afterAll(async () => {
  await sftp?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const where = (name: string) => path.join(sftp.rootDir, name);
const spec = (name: string): DestinationSpec => ({
  type: "sftp",
  config: { host: sftp.host, port: sftp.port, user: sftp.user, path: where(name), knownHosts: sftp.knownHosts },
  secrets: { privateKey: sftp.privateKey },
  repoPassword: "remove me please 1",
});

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function repoWithSnapshot(name: string) {
  const repo = repoForDestination(spec(name), { dataDir: tmp });
  await initRepo(repo);
  const src = path.join(tmp, `src-${name}`);
  fs.mkdirSync(src);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(src, `f${i}.bin`), crypto.randomBytes(200_000));
  await backupPaths(repo, { paths: [src], tags: ["t"], host: "h" });
  expect(await listSnapshots(repo)).toHaveLength(1);
  return repo;
}

it("removes a repository and its folder; restic can no longer open it", { timeout: 120_000 }, async () => {
  const repo = await repoWithSnapshot("clean");
  const files = filesUnder(where("clean"));
  expect(files).toContain("config");
  const r = await removeSftpRepositoryOf(spec("clean"), { dataDir: tmp });
  expect(r).toEqual({ deleted: files.length, leftAlone: 0, folderRemoved: true });
  expect(fs.existsSync(where("clean"))).toBe(false);
  await expect(listSnapshots(repo)).rejects.toThrow();
  // A second sweep finds nothing to do.
  expect(await removeSftpRepositoryOf(spec("clean"), { dataDir: tmp })).toEqual({
    deleted: 0,
    leftAlone: 0,
    folderRemoved: true,
  });
});

it("leaves what is not restic's, and the folder that holds it", { timeout: 120_000 }, async () => {
  const repo = await repoWithSnapshot("old");
  fs.writeFileSync(path.join(where("old"), "README.txt"), "not restic's");
  fs.writeFileSync(path.join(where("old"), "data", "notes.txt"), "not restic's either");
  const files = filesUnder(where("old"));
  const r = await removeSftpRepositoryOf(spec("old"), { dataDir: tmp });
  expect(r).toEqual({ deleted: files.length - 2, leftAlone: 2, folderRemoved: false });
  expect(filesUnder(where("old"))).toEqual(["README.txt", "data/notes.txt"]);
  expect(fs.readdirSync(where("old")).sort()).toEqual(["README.txt", "data"]);
  await expect(listSnapshots(repo)).rejects.toThrow();
});

it("refuses a folder that holds no restic repository", { timeout: 60_000 }, async () => {
  fs.mkdirSync(path.join(where("other"), "keys"), { recursive: true });
  fs.writeFileSync(path.join(where("other"), "keep.txt"), "another folder");
  await expect(removeSftpRepositoryOf(spec("other"), { dataDir: tmp })).rejects.toBeInstanceOf(SftpNotARepository);
  expect(filesUnder(where("other"))).toEqual(["keep.txt"]);
});
