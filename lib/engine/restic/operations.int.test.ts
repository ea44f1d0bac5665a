/* Integration tests of every wrapper operation against real restic on a local repository:
 * init/backup/snapshots/ls/restore/dump/forget/prune/check/stats/copy/keys/unlock, byte-exact restores of
 * an awkward tree, and the typed errors for wrong password, missing repository and partial backups. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PartialBackup,
  RepoExists,
  RepoNotFound,
  WrongPassword,
  addKey,
  backupPaths,
  backupStdin,
  check,
  configureEngine,
  copySnapshots,
  dumpFile,
  forget,
  initRepo,
  listKeys,
  listSnapshots,
  lsSnapshot,
  prune,
  removeKey,
  resticVersion,
  restoreSnapshot,
  stats,
  unlock,
  type BackupResult,
  type Progress,
} from "../index";
import { diffManifests, makeFixtureTree, manifest, repoLocks, sha256File, tempDir, tempRepo } from "./test-support";

const base = tempDir();
const repo = tempRepo(base);
const src = makeFixtureTree(path.join(base, "src tree"));
let first: BackupResult;

beforeAll(async () => {
  await initRepo(repo);
  first = await backupPaths(repo, {
    paths: [src],
    tags: ["lifeboat", "env:e1", "source:s1"],
    host: "production",
    time: new Date("2026-01-10T12:00:00Z"),
  });
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("restic wrapper operations", () => {
  it("reads the restic version once", async () => {
    const v = await resticVersion();
    expect(v.major * 100 + v.minor).toBeGreaterThanOrEqual(14);
    expect(await resticVersion()).toBe(v);
  });

  it("creates a v2 repository and refuses to create it twice", async () => {
    const cfg = spawnSync("restic", ["cat", "config"], {
      env: {
        PATH: process.env.PATH,
        RESTIC_REPOSITORY: repo.url,
        RESTIC_PASSWORD: repo.password,
      } as unknown as NodeJS.ProcessEnv,
    });
    expect(JSON.parse(cfg.stdout.toString()).version).toBe(2);
    await expect(initRepo(repo)).rejects.toBeInstanceOf(RepoExists);
  });

  it("backs up paths with a full snapshot id, counts and the requested time, host and tags", async () => {
    expect(first.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(first.shortId).toBe(first.snapshotId.slice(0, 8));
    expect(first.totalFiles).toBe(7);
    expect(first.filesNew).toBe(7);
    expect(first.addedBytes).toBeGreaterThan(0);
    expect(first.warnings).toEqual([]);
    const snaps = await listSnapshots(repo, { tags: ["env:e1"] });
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({
      id: first.snapshotId,
      hostname: "production",
      time: "2026-01-10T12:00:00Z",
      paths: [src],
    });
    expect(snaps[0].tags.sort()).toEqual(["env:e1", "lifeboat", "source:s1"]);
    expect(await listSnapshots(repo, { tags: ["env:other"] })).toEqual([]);
  });

  it("reports progress and an unchanged second backup adds almost nothing", async () => {
    const progress: Progress[] = [];
    const again = await backupPaths(repo, {
      paths: [src],
      tags: ["lifeboat", "env:e1"],
      host: "production",
      onProgress: (p) => progress.push(p),
    });
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p.percent).toBeGreaterThanOrEqual(0);
      expect(p.percent).toBeLessThanOrEqual(1);
    }
    expect(again.filesNew).toBe(0);
    expect(again.filesChanged).toBe(0);
    expect(again.addedBytes).toBeLessThan(2_000);
    expect(again.snapshotId).not.toBe(first.snapshotId);
  });

  it("restores the whole tree byte-exact (sha256, modes, symlinks, empty dirs, unicode, spaces)", async () => {
    const target = path.join(base, "restore-all");
    await restoreSnapshot(repo, { snapshotId: first.snapshotId, target });
    expect(diffManifests(manifest(src), manifest(path.join(target, src)))).toEqual([]);
    expect(repoLocks(repo)).toEqual([]);
  });

  it("restores only selected paths", async () => {
    const target = path.join(base, "restore-some");
    await restoreSnapshot(repo, { snapshotId: first.shortId, target, include: [path.join(src, "ünïcödé")] });
    const got = manifest(path.join(target, src));
    expect([...got.keys()].sort()).toEqual(["ünïcödé", "ünïcödé/日本語 ファイル.txt"]);
    expect(got.get("ünïcödé/日本語 ファイル.txt")?.sha256).toBe(
      sha256File(path.join(src, "ünïcödé/日本語 ファイル.txt")),
    );
  });

  it("lists a snapshot as a stream, whole or below a directory", async () => {
    const all = [];
    for await (const e of lsSnapshot(repo, first.snapshotId)) all.push(e);
    const byPath = new Map(all.map((e) => [e.path, e]));
    expect(byPath.get(path.join(src, "with space/file name with spaces.txt"))).toMatchObject({
      type: "file",
      size: 7,
      name: "file name with spaces.txt",
    });
    expect(byPath.get(path.join(src, "link to plain"))?.type).toBe("symlink");
    expect(byPath.get(path.join(src, "empty dir/nested empty"))?.type).toBe("dir");
    const sub = [];
    for await (const e of lsSnapshot(repo, first.snapshotId, { path: path.join(src, "emoji 🚀") })) sub.push(e);
    expect(sub.map((e) => e.name)).toEqual(["data.bin"]);
    expect(sub[0].size).toBe(70_000);
    // Stopping early interrupts restic and releases the repository.
    for await (const e of lsSnapshot(repo, first.snapshotId)) if (e) break;
    expect(repoLocks(repo)).toEqual([]);
  });

  it("backs up a stream from stdin and dumps it back streamed", async () => {
    const payload = Buffer.concat(Array.from({ length: 64 }, (_, i) => Buffer.alloc(64 * 1024, i)));
    const r = await backupStdin(repo, {
      stdin: Readable.from([payload.subarray(0, 1000), payload.subarray(1000)]),
      filename: "db.dump",
      tags: ["lifeboat", "source:db"],
      host: "production",
    });
    expect(r.totalBytes).toBe(payload.length);
    const { stream, done } = dumpFile(repo, { snapshotId: r.snapshotId, path: "/db.dump" });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    await done;
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
  });

  it("dump of a missing file rejects done and never ends the stream cleanly", async () => {
    const { stream, done } = dumpFile(repo, { snapshotId: first.snapshotId, path: "/no/such/file" });
    let ended = false;
    stream.on("end", () => (ended = true));
    stream.on("error", () => undefined);
    stream.resume();
    await expect(done).rejects.toThrow();
    expect(ended).toBe(false);
  });

  it("previews and applies forget by policy with reasons, by ids, then prunes and checks", async () => {
    const r = tempRepo(base, "forget-repo");
    await initRepo(r);
    const days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"];
    const made: string[] = [];
    for (const d of days) {
      const b = await backupStdin(r, {
        stdin: Readable.from([Buffer.from(`day ${d}`)]),
        filename: "x",
        tags: ["lifeboat"],
        host: "h",
        time: new Date(`${d}T03:00:00Z`),
      });
      made.push(b.snapshotId);
    }
    const preview = await forget(r, { policy: { keepLast: 2 }, tags: ["lifeboat"], dryRun: true });
    expect(preview.keep.map((s) => s.id).sort()).toEqual(made.slice(2).sort());
    expect(preview.remove.map((s) => s.id).sort()).toEqual(made.slice(0, 2).sort());
    expect(preview.reasons[made[3]]).toContain("last snapshot");
    expect((await listSnapshots(r)).length).toBe(4);

    const byIds = await forget(r, { ids: [made[0].slice(0, 8)], dryRun: true });
    expect(byIds.remove.map((s) => s.id)).toEqual([made[0]]);
    expect(byIds.keep).toHaveLength(3);
    expect((await listSnapshots(r)).length).toBe(4);

    await forget(r, { ids: [made[0]] });
    expect((await listSnapshots(r)).map((s) => s.id)).toEqual(made.slice(1));
    const applied = await forget(r, { policy: { keepDaily: 3 }, groupBy: "" });
    expect(applied.remove).toHaveLength(0);
    await forget(r, { policy: { keepLast: 1 } });
    expect((await listSnapshots(r)).map((s) => s.id)).toEqual([made[3]]);
    const pr = await prune(r);
    expect(pr.output).toMatch(/total prune/);
    await expect(check(r, { readDataSubset: "100%" })).resolves.toMatchObject({ ok: true });
    const st = await stats(r);
    expect(st.snapshotsCount).toBe(1);
  });

  it("copies snapshots to a second repository (re-encrypted with its own password), idempotently", async () => {
    const dest = tempRepo(base, "copy-dest", "another password");
    await initRepo(dest, { copyChunkerParamsFrom: repo });
    const res = await copySnapshots(repo, dest, { snapshotIds: [first.snapshotId] });
    expect(res.copied).toHaveLength(1);
    expect(res.copied[0].from).toBe(first.shortId);
    const again = await copySnapshots(repo, dest, { snapshotIds: [first.snapshotId] });
    expect(again.copied).toEqual([]);
    expect(again.skipped).toHaveLength(1);
    const copied = await listSnapshots(dest);
    expect(copied).toHaveLength(1);
    expect(res.targetSnapshotIds).toEqual([copied[0].id]);
    expect(again.targetSnapshotIds).toEqual([copied[0].id]);
    const target = path.join(base, "restore-copy");
    await restoreSnapshot(dest, { snapshotId: copied[0].id, target });
    expect(diffManifests(manifest(src), manifest(path.join(target, src)))).toEqual([]);
  });

  it("adds, uses and removes a second key", async () => {
    const before = await listKeys(repo);
    expect(before.filter((k) => k.current)).toHaveLength(1);
    const { id } = await addKey(repo, { newPassword: "second key password", user: "recovery", host: "kit" });
    const keys = await listKeys(repo);
    expect(keys).toHaveLength(before.length + 1);
    expect(keys.find((k) => k.id === id)).toMatchObject({ userName: "recovery", hostName: "kit", current: false });
    expect((await listSnapshots({ ...repo, password: "second key password" })).length).toBeGreaterThan(0);
    await removeKey(repo, id);
    await expect(listSnapshots({ ...repo, password: "second key password" })).rejects.toBeInstanceOf(WrongPassword);
    await expect(removeKey(repo, before[0].id)).rejects.toThrow(/Lifeboat uses/);
  });

  it("maps a wrong password and a missing repository to typed errors without leaking the password", async () => {
    const wrong = await listSnapshots({ ...repo, password: "not-the-password" }).catch((e) => e);
    expect(wrong).toBeInstanceOf(WrongPassword);
    expect(`${wrong.message} ${wrong.stderr}`).not.toContain("not-the-password");
    const missing = await listSnapshots(tempRepo(base, "never-created")).catch((e) => e);
    expect(missing).toBeInstanceOf(RepoNotFound);
    expect(missing.message).toContain("never-created");
    await expect(
      backupPaths(tempRepo(base, "never-created"), { paths: [src], tags: [], host: "h" }),
    ).rejects.toBeInstanceOf(RepoNotFound);
  });

  it("reports exit 3 as PartialBackup with the unreadable files and the saved result", async () => {
    // Write-only sysfs file: open() fails with EACCES even for root, so restic cannot read it.
    const unreadable = "/sys/bus/pci/rescan";
    expect(fs.existsSync(unreadable)).toBe(true);
    const err = await backupPaths(repo, {
      paths: [path.join(src, "plain.txt"), unreadable],
      tags: ["partial"],
      host: "h",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(PartialBackup);
    expect(err.exitCode).toBe(3);
    expect(err.unreadableFiles).toEqual([unreadable]);
    expect(err.result.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(err.result.warnings[0]).toContain("permission denied");
    expect(err.message).toContain(unreadable);
    expect((await listSnapshots(repo, { tags: ["partial"] })).map((s) => s.id)).toEqual([err.result.snapshotId]);
  });

  it("unlock succeeds on a repository without locks", async () => {
    await unlock(repo);
    expect(repoLocks(repo)).toEqual([]);
  });
});

describe("stdin stream failures", () => {
  it("a stdin stream that errors mid-way interrupts restic and saves no snapshot", async () => {
    const r = tempRepo(base, "stdin-error");
    await initRepo(r);
    const input = new Readable({ read() {} });
    input.push(Buffer.alloc(1 << 20, 1));
    const pending = backupStdin(r, { stdin: input, filename: "broken.dump", tags: [], host: "h" });
    input.destroy(new Error("producer crashed"));
    await expect(pending).rejects.toThrow(/producer crashed/);
    expect(await listSnapshots(r)).toEqual([]);
    expect(repoLocks(r)).toEqual([]);
  });
});

describe("dump reader stops early", () => {
  it("a reader that destroys the dump stream interrupts restic: done rejects, no lock is left", async () => {
    const r = tempRepo(base, "dump-early");
    await initRepo(r);
    const big = Buffer.alloc(40 << 20, 3);
    const b = await backupStdin(r, { stdin: Readable.from([big]), filename: "big.dump", tags: [], host: "h" });
    const { stream, done } = dumpFile(r, { snapshotId: b.snapshotId, path: "/big.dump" });
    let got = 0;
    for await (const c of stream) {
      got += (c as Buffer).length;
      break; // destroys the stream after the first chunk
    }
    expect(got).toBeGreaterThan(0);
    await expect(done).rejects.toThrow(/stopped before the whole file/);
    expect(repoLocks(r)).toEqual([]);
  });
});

describe("in-process repository lock", () => {
  it("overlapping backups, prune and check in one process never hit restic's lock", async () => {
    const r = tempRepo(base, "concurrent");
    await initRepo(r);
    const retries: string[] = [];
    configureEngine({ onLockRetry: (i) => retries.push(i.what) });
    try {
      const results = await Promise.all([
        backupPaths(r, { paths: [src], tags: ["a"], host: "h" }),
        backupStdin(r, { stdin: Readable.from([Buffer.alloc(1 << 20, 9)]), filename: "s", tags: ["b"], host: "h" }),
        prune(r),
        backupPaths(r, { paths: [src], tags: ["c"], host: "h" }),
        check(r),
        listSnapshots(r),
      ]);
      expect(results[0].snapshotId).toMatch(/^[0-9a-f]{64}$/);
      expect(results[4]).toMatchObject({ ok: true });
      expect(retries).toEqual([]);
      expect((await listSnapshots(r)).map((s) => s.tags[0]).sort()).toEqual(["a", "b", "c"]);
    } finally {
      configureEngine({ onLockRetry: null });
    }
  });
});
