/* local-repo: ids read from a local repository's folders, and "can't tell" for anything else. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localHasLocks, localRepoDir, localSnapshotIds } from "./local-repo";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-local-repo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const repo = (url: string) => ({ url, password: "x" });
const id = (c: string) => c.repeat(64);

describe("local repository fast paths", () => {
  it("knows local paths from remote URLs", () => {
    expect(localRepoDir(repo("/srv/backups"))).toBe("/srv/backups");
    expect(localRepoDir(repo("local:/srv/backups"))).toBe("/srv/backups");
    expect(localRepoDir(repo("s3:https://s3.example.com/bucket"))).toBeUndefined();
    expect(localRepoDir(repo("sftp:u@h:/srv"))).toBeUndefined();
    expect(localRepoDir(repo("rest:http://127.0.0.1:8000/"))).toBeUndefined();
  });

  it("finds snapshot ids by prefix and tells whether locks are held", async () => {
    fs.mkdirSync(path.join(dir, "snapshots"));
    fs.mkdirSync(path.join(dir, "locks"));
    for (const c of ["a", "b"]) fs.writeFileSync(path.join(dir, "snapshots", id(c)), "");
    fs.writeFileSync(path.join(dir, "snapshots", "aaaa.tmp"), "");
    expect(await localSnapshotIds(repo(dir), "aaaa")).toEqual([id("a")]);
    expect(await localSnapshotIds(repo(dir), "cccc")).toEqual([]);
    expect(await localHasLocks(repo(dir))).toBe(false);
    fs.writeFileSync(path.join(dir, "locks", id("d")), "");
    expect(await localHasLocks(repo(`local:${dir}`))).toBe(true);
  });

  it("answers undefined when it cannot tell", async () => {
    expect(await localSnapshotIds(repo(path.join(dir, "missing")), "aaaa")).toBeUndefined();
    expect(await localHasLocks(repo("s3:https://s3.example.com/bucket"))).toBeUndefined();
  });
});
