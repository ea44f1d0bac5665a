/* SQLite, directory and command sources, and hooks around them, against real restic and real files:
 *  - SQLite written to by another process during the backup; restored copy passes integrity_check and
 *    is a consistent point-in-time state between the counts seen before and after the backup.
 *  - directory: excludes, in-place restore that removes extra files and brings back changed/deleted
 *    ones (sha256 + mode of every entry) but keeps excluded ones, selected-path restore, restore into a
 *    new path (restore modes and partial snapshots: restore-modes.int.test.ts).
 *  - command source round trip; a command that prints some bytes then exits 1 → DumpFailed with its
 *    stderr and no snapshot; post hooks run after a failure and after a cancel. */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancelled, WrongPassword } from "../errors";
import { HookFailed } from "../hooks";
import type { Repo } from "../types";
import { DumpFailed, RestoreFailed, backupSource, restoreSource, type SourceSpec } from "./index";
import { freshRepo, snapshotCount, treeFingerprint } from "./test-support";

let repo: Repo;
let repoDir: string;
let work: string;

beforeAll(async () => {
  ({ repo, dir: repoDir } = await freshRepo("lb-files-"));
  work = fs.mkdtempSync(path.join(os.tmpdir(), "lb-files-work-"));
});
afterAll(() => {
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const opts = { tags: ["lifeboat"], host: "test-env" };

function sqlite(db: string, sql: string): string {
  const r = spawnSync("sqlite3", ["-bail", "-cmd", ".timeout 10000", db, sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

async function waitFor(cond: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("sqlite source", () => {
  it("takes a consistent copy while another process writes, and restores it atomically", async () => {
    const db = path.join(work, "app.db");
    sqlite(
      db,
      `pragma journal_mode=wal; create table items(id integer primary key, payload text, batch int); create table counter(total int);
       with recursive s(i) as (select 1 union all select i+1 from s where i < 150000) insert into items(payload, batch) select hex(randomblob(60)), 0 from s;
       insert into counter values ((select count(*) from items));`,
    );
    // The app: one transaction after another, each adding 50 rows and updating the counter with them.
    const writer = spawn(
      "/bin/sh",
      [
        "-c",
        `while :; do sqlite3 -cmd '.timeout 10000' '${db}' "begin immediate; with recursive s(i) as (select 1 union all select i+1 from s where i < 50) insert into items(payload, batch) select hex(randomblob(60)), 1 from s; update counter set total = (select count(*) from items); commit;" || exit 1; done`,
      ],
      { detached: true, stdio: "ignore" },
    );
    try {
      const count = () => Number(sqlite(db, "select total from counter"));
      const start = count();
      await waitFor(() => count() > start + 500); // the writer is running
      const atBackupStart = count();
      const result = await backupSource(
        repo,
        { id: "s1", name: "App SQLite", type: "sqlite", config: { path: db } },
        opts,
      );
      const atBackupEnd = count();
      expect(atBackupEnd).toBeGreaterThan(atBackupStart);

      // Restore into a new file first: a consistent state from within the backup's window.
      const copy = path.join(work, "restored", "copy.db");
      await restoreSource(repo, {
        snapshotId: result.snapshotId,
        source: { id: "s1", name: "App SQLite", type: "sqlite", config: { path: db } },
        targetPath: copy,
      });
      expect(sqlite(copy, "pragma integrity_check")).toBe("ok");
      const [rows, total] = sqlite(copy, "select count(*) || ' ' || (select total from counter) from items")
        .split(" ")
        .map(Number);
      expect(rows).toBe(total);
      expect(rows).toBeGreaterThanOrEqual(atBackupStart);
      expect(rows).toBeLessThanOrEqual(atBackupEnd);

      // Stop the app, damage the database, restore in place.
      process.kill(-writer.pid!, "SIGKILL");
      await waitFor(() => writer.exitCode !== null || writer.signalCode !== null);
      sqlite(db, "delete from items where id % 2 = 0; drop table counter;");
      await restoreSource(repo, {
        snapshotId: result.snapshotId,
        source: { id: "s1", name: "App SQLite", type: "sqlite", config: { path: db } },
      });
      expect(sqlite(db, "pragma integrity_check")).toBe("ok");
      expect(sqlite(db, "select count(*) || ' ' || (select total from counter) from items")).toBe(`${rows} ${total}`);
      expect(fs.readdirSync(path.dirname(db)).filter((n) => n.includes("lifeboat-restore"))).toEqual([]);
    } finally {
      if (writer.exitCode === null && writer.signalCode === null) process.kill(-writer.pid!, "SIGKILL");
    }
  });

  it("refuses a path with no database instead of backing up an empty one", async () => {
    const missing = path.join(work, "nope.db");
    const err = await backupSource(
      repo,
      { id: "s2", name: "Missing", type: "sqlite", config: { path: missing } },
      opts,
    ).catch((e) => e);
    expect(err.message).toMatch(/no SQLite database file/);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

function buildTree(root: string) {
  const w = (rel: string, data: string | Buffer, mode = 0o644) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    fs.chmodSync(p, mode);
  };
  w("top.txt", "top level\n");
  w("Docs with spaces/Ünïcødé 文件.txt", "unicode ✓\n".repeat(100));
  w("Docs with spaces/private.key", "secret-ish", 0o600);
  w("nested/deep/a.bin", crypto.randomBytes(1 << 20));
  w("nested/run.sh", "#!/bin/sh\necho hi\n", 0o755);
  w("cache/x.tmp", "excluded");
  w("node_modules/pkg/index.js", "excluded too");
  fs.mkdirSync(path.join(root, "empty"));
  fs.symlinkSync("nested/deep/a.bin", path.join(root, "link-to-a"));
}

function withoutExcluded(fp: Record<string, string>) {
  return Object.fromEntries(Object.entries(fp).filter(([k]) => !k.endsWith(".tmp") && !k.startsWith("node_modules")));
}

describe("directory source", () => {
  const spec = (p: string): SourceSpec => ({
    id: "d1",
    name: "Uploads",
    type: "directory",
    config: { path: p, exclude: ["*.tmp", "node_modules"] },
  });

  it("restores in place exactly: extra files removed, changed and deleted ones back, excluded ones kept", async () => {
    const root = path.join(work, "uploads");
    buildTree(root);
    // The excluded files are not in the snapshot, but a restore never deletes what the source excludes.
    const expected = treeFingerprint(root);
    const result = await backupSource(repo, spec(root), opts);
    expect(result.totalFiles).toBe(5); // regular files only; the excluded ones are not in the snapshot

    fs.writeFileSync(path.join(root, "top.txt"), "changed\n");
    fs.rmSync(path.join(root, "nested/deep/a.bin"));
    fs.writeFileSync(path.join(root, "extra.txt"), "should go");
    fs.mkdirSync(path.join(root, "extra-dir/sub"), { recursive: true });
    fs.chmodSync(path.join(root, "nested/run.sh"), 0o600);
    fs.rmdirSync(path.join(root, "empty"));

    await restoreSource(repo, { snapshotId: result.snapshotId, source: spec(root) });
    expect(treeFingerprint(root)).toEqual(expected);
    expect(fs.readdirSync(work).filter((n) => n.includes("lifeboat"))).toEqual([]);
  });

  it("restores only selected files and folders, each exactly", async () => {
    const root = path.join(work, "sel");
    buildTree(root);
    const original = treeFingerprint(root);
    const result = await backupSource(repo, spec(root), opts);

    fs.writeFileSync(path.join(root, "top.txt"), "changed and not selected\n");
    fs.writeFileSync(path.join(root, "nested/deep/a.bin"), "damaged");
    fs.writeFileSync(path.join(root, "Docs with spaces/extra.txt"), "should go");
    fs.rmSync(path.join(root, "Docs with spaces/private.key"));

    await restoreSource(repo, {
      snapshotId: result.snapshotId,
      source: spec(root),
      paths: ["nested/deep/a.bin", `${root}/Docs with spaces`],
    });
    const after = treeFingerprint(root);
    expect(after["top.txt"]).not.toEqual(original["top.txt"]); // not selected: left alone
    after["top.txt"] = original["top.txt"];
    expect(after).toEqual(original); // includes the excluded files, which a selected restore leaves alone
  });

  it("restores into a new path, and refuses a non-empty one", async () => {
    const root = path.join(work, "src-new");
    buildTree(root);
    const expected = withoutExcluded(treeFingerprint(root));
    const result = await backupSource(repo, spec(root), opts);
    const target = path.join(work, "elsewhere", "copy");
    await restoreSource(repo, { snapshotId: result.snapshotId, source: spec(root), targetPath: target });
    expect(treeFingerprint(target)).toEqual(expected);
    const err = await restoreSource(repo, {
      snapshotId: result.snapshotId,
      source: spec(root),
      targetPath: root,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(RestoreFailed);
    expect(err.message).toMatch(/empty or new folder/);
  });
});

describe("command source and hooks", () => {
  it("stores the backup command's stdout and feeds it to the restore command", async () => {
    const input = path.join(work, "cmd-input.bin");
    const output = path.join(work, "cmd-output.bin");
    fs.writeFileSync(input, crypto.randomBytes(3 << 20));
    const spec: SourceSpec = {
      id: "c1",
      name: "Redis export",
      type: "command",
      config: { backupCommand: 'cat "$INPUT_FILE" | cat', restoreCommand: 'cat > "$OUTPUT_FILE"' },
      secrets: { INPUT_FILE: input, OUTPUT_FILE: output },
    };
    const result = await backupSource(repo, spec, opts);
    expect(result.totalBytes).toBe(3 << 20);
    await restoreSource(repo, { snapshotId: result.snapshotId, source: spec });
    const sha = (p: string) => crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    expect(sha(output)).toBe(sha(input));
  });

  it("a command that writes some bytes then fails leaves no snapshot; the post hook still runs", async () => {
    const marker = path.join(work, "post-after-failure");
    const count = snapshotCount(repo);
    const err = await backupSource(
      repo,
      {
        id: "c2",
        name: "Flaky export",
        type: "command",
        config: {
          backupCommand: "head -c 3000000 /dev/urandom; echo 'export broke at table 7' >&2; exit 1",
          restoreCommand: "cat > /dev/null",
        },
        hooks: { pre: { command: "true" }, post: { command: `touch ${marker}` } },
      },
      opts,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(DumpFailed);
    expect(err.stderr).toContain("export broke at table 7");
    expect(err.message).toContain("exited with code 1");
    expect(err.hooks.map((h: { phase: string }) => h.phase)).toEqual(["pre", "post"]);
    expect(fs.existsSync(marker)).toBe(true);
    expect(snapshotCount(repo)).toBe(count);
  });

  it("a repository failure is reported as such, not as the dump tool it had to stop", async () => {
    const err = await backupSource(
      { ...repo, password: "not-the-password" },
      { id: "c5", name: "Big export", type: "command", config: { backupCommand: "head -c 200000000 /dev/zero" } },
      opts,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(WrongPassword);
  });

  it("a cancelled backup runs the post hook, stops the command and keeps no snapshot", async () => {
    const marker = path.join(work, "post-after-cancel");
    const pidFile = path.join(work, "cancel.pid");
    const readyFile = path.join(work, "cancel.ready");
    const count = snapshotCount(repo);
    const ac = new AbortController();
    const p = backupSource(
      repo,
      {
        id: "c3",
        name: "Slow export",
        type: "command",
        config: { backupCommand: `echo $$ > ${pidFile}; head -c 1000000 /dev/urandom; touch ${readyFile}; sleep 300` },
        hooks: { post: { command: `touch ${marker}` } },
      },
      { ...opts, signal: ac.signal },
    );
    await waitFor(() => fs.existsSync(readyFile)); // mid-stream: bytes sent, command still running
    ac.abort();
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(Cancelled);
    expect(fs.existsSync(marker)).toBe(true);
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(snapshotCount(repo)).toBe(count);
  });

  it("a failing pre hook skips the backup, runs the post hook", async () => {
    const marker = path.join(work, "post-after-pre");
    const count = snapshotCount(repo);
    const err = await backupSource(
      repo,
      {
        id: "c4",
        name: "Guarded",
        type: "command",
        config: { backupCommand: "echo data" },
        hooks: { pre: { command: "echo app would not pause >&2; exit 2" }, post: { command: `touch ${marker}` } },
      },
      opts,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(HookFailed);
    expect(err.message).toContain("app would not pause");
    expect(fs.existsSync(marker)).toBe(true);
    expect(snapshotCount(repo)).toBe(count);
  });
});
