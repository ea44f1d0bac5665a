/* The proof a source's backup records, against real PostgreSQL, MariaDB, SQLite and restic: the
 * manifest's row counts equal the counts of the restored snapshot even while rows are inserted during
 * the dump (the same-snapshot property: the live table has more rows afterwards, the manifest and the
 * dump agree), the dump checks pass, and a MariaDB dump cut short (a mariadb-dump whose output is cut
 * mid-way by `head -c`, exiting 0) is caught before restic keeps a snapshot; a folder's manifest and the
 * required-paths lookup without a file index (`restic ls` of just those paths). */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPgDatabase,
  dropPgDatabase,
  ensureMariadb,
  ensurePostgres,
  MARIADB,
} from "../../../test/support/local-services";
import type { Repo } from "../types";
import { backupSource, DumpIncomplete, restoreSource, type SourceSpec } from "./index";
import { freshRepo, mariadb, psql, snapshotCount } from "./test-support";

const OPTS = { tags: ["t"], host: "h" };
let repo: Repo;
let repoDir: string;
const pgDbs: string[] = [];
const myDbs: string[] = [];

beforeAll(async () => {
  await Promise.all([ensurePostgres(), ensureMariadb()]);
  ({ repo, dir: repoDir } = await freshRepo("lb-proof-"));
});

afterAll(() => {
  for (const d of pgDbs) dropPgDatabase(d);
  for (const d of myDbs) mariadb(MARIADB, null, `drop database if exists \`${d}\``);
  fs.rmSync(repoDir, { recursive: true, force: true });
});

const countsOf = (m: unknown) =>
  Object.fromEntries(((m as { tables: { name: string; rows: number }[] }).tables ?? []).map((t) => [t.name, t.rows]));

/** Inserts rows one per statement until stopped; resolves with how many it inserted. */
function keepInserting(insert: () => Promise<unknown>): { stop: () => Promise<number> } {
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      await insert();
      n++;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return n;
    },
  };
}

describe("postgres proof", () => {
  it("counts rows in the dump's own snapshot while rows are inserted", async () => {
    const db = createPgDatabase("lbt_proof");
    pgDbs.push(db.name);
    psql(
      db.url,
      `create table orders (id bigserial primary key, note text);
       insert into orders (note) select md5(g::text) from generate_series(1, 300000) g;
       create schema "other side"; create table "other side"."odd ""name""" (x int);
       insert into "other side"."odd ""name""" select generate_series(1, 7);`,
    );
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const writer = keepInserting(() => client.query("insert into orders (note) values ('live')"));
    await new Promise((r) => setTimeout(r, 200));
    const src: SourceSpec = { id: "pg", name: "Shop DB", type: "postgres", config: {}, secrets: { url: db.url } };
    const res = await backupSource(repo, src, { tags: ["t"], host: "h" });
    const inserted = await writer.stop();
    await client.end();

    expect(res.proof?.checks.map((c) => [c.name, c.status])).toEqual([
      ["Dump is complete", "passed"],
      ["Row counts", "passed"],
    ]);
    const m = res.proof!.manifest!;
    expect(m).toMatchObject({ kind: "database", engine: "postgres", consistent: true });
    const counts = countsOf(m);
    const live = Number(psql(db.url, "select count(*) from orders"));
    expect(inserted).toBeGreaterThan(0);
    expect(counts.orders).toBeGreaterThan(300000);
    expect(counts.orders).toBeLessThan(live); // rows kept coming after the snapshot
    expect(counts['odd "name"']).toBe(7);

    const copy = createPgDatabase("lbt_proofr");
    pgDbs.push(copy.name);
    await restoreSource(repo, { snapshotId: res.snapshotId, source: { ...src, secrets: { url: copy.url } } });
    expect(Number(psql(copy.url, "select count(*) from orders"))).toBe(counts.orders);
    expect(Number(psql(copy.url, `select count(*) from "other side"."odd ""name"""`))).toBe(7);
  });
});

function mySource(db: string): SourceSpec {
  const { host, port, user } = MARIADB;
  return { id: "my", name: "Shop MariaDB", type: "mysql", config: { host, port, user, database: db }, secrets: {} };
}

function newMyDb(): string {
  const name = `lbt_proof_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  mariadb(MARIADB, null, `create database \`${name}\``);
  myDbs.push(name);
  return name;
}

describe("mariadb proof", () => {
  it("counts exactly the rows the dump holds, also awkward strings, while rows are inserted", async () => {
    const db = newMyDb();
    mariadb(
      MARIADB,
      db,
      `create table orders (id int auto_increment primary key, note text) engine=innodb;
       insert into orders (note) select concat('n(', seq, ')') from seq_1_to_200000;
       create table odd (id int primary key, s text, b varbinary(20)) engine=innodb;
       insert into odd values (1, 'a),(b', 0x2829), (2, 'it''s \\\\ (x)\\n', null), (3, '', 0x27);
       create table empty_one (x int) engine=innodb;
       create table plain (x int) engine=myisam; insert into plain values (1), (2);`,
    );
    const child = spawn("mariadb", [`--host=${MARIADB.host}`, `--user=${MARIADB.user}`, db], { stdio: "pipe" });
    const writer = keepInserting(
      () => new Promise<void>((r) => child.stdin.write("insert into orders (note) values ('live');\n", () => r())),
    );
    await new Promise((r) => setTimeout(r, 200));
    const res = await backupSource(repo, mySource(db), { tags: ["t"], host: "h" });
    await writer.stop();
    child.stdin.end();
    await new Promise((r) => child.once("exit", r));

    expect(res.proof?.checks.every((c) => c.status === "passed")).toBe(true);
    const counts = countsOf(res.proof!.manifest);
    expect(counts).toMatchObject({ odd: 3, empty_one: 0, plain: 2 });
    const live = Number(mariadb(MARIADB, db, "select count(*) from orders").trim());
    expect(counts.orders).toBeGreaterThan(200000);
    expect(counts.orders).toBeLessThan(live);

    const copy = newMyDb();
    await restoreSource(repo, { snapshotId: res.snapshotId, source: mySource(copy) });
    for (const t of ["orders", "odd", "empty_one", "plain"]) {
      expect(Number(mariadb(MARIADB, copy, `select count(*) from \`${t}\``).trim()), t).toBe(counts[t]);
    }
  });

  it("catches a dump cut short that still exits 0, and keeps no snapshot", async () => {
    const db = newMyDb();
    mariadb(
      MARIADB,
      db,
      "create table t (id int primary key, s text); insert into t select seq, repeat('x', 200) from seq_1_to_20000;",
    );
    const real = execFileSync("sh", ["-c", "command -v mariadb-dump"]).toString().trim();
    const shim = fs.mkdtempSync(path.join(os.tmpdir(), "lb-shim-"));
    // A dump whose output stops mid-way (head closes the pipe, mariadb-dump dies of SIGPIPE), exit 0.
    fs.writeFileSync(path.join(shim, "mariadb-dump"), `#!/bin/sh\n"${real}" "$@" | head -c 100000\nexit 0\n`, {
      mode: 0o755,
    });
    const before = snapshotCount(repo);
    const oldPath = process.env.PATH;
    process.env.PATH = `${shim}:${oldPath}`;
    try {
      const err = await backupSource(repo, mySource(db), { tags: ["t"], host: "h" }).catch((e) => e);
      expect(err).toBeInstanceOf(DumpIncomplete);
      expect(err.message).toMatch(/-- Dump completed/);
    } finally {
      process.env.PATH = oldPath;
      fs.rmSync(shim, { recursive: true, force: true });
    }
    expect(snapshotCount(repo)).toBe(before);
  });
});

describe("sqlite proof", () => {
  it("checks the copy and counts its rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-proof-sq-"));
    const file = path.join(dir, "app.db");
    execFileSync("sqlite3", [
      file,
      `create table a (x); with recursive c(i) as (select 1 union all select i + 1 from c where i < 1234) insert into a select i from c;
       create table "b c" (y); insert into "b c" values (1), (2);`,
    ]);
    try {
      const res = await backupSource(
        repo,
        { id: "sq", name: "App DB", type: "sqlite", config: { path: file } },
        {
          tags: ["t"],
          host: "h",
        },
      );
      expect(res.proof?.checks.map((c) => c.status)).toEqual(["passed", "passed"]);
      expect(countsOf(res.proof!.manifest)).toEqual({ a: 1234, "b c": 2 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("directory proof", () => {
  it("records the snapshot's file count and bytes, and finds required paths without a file index", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-proof-dir-"));
    fs.mkdirSync(path.join(dir, "uploads", "deep"), { recursive: true });
    fs.writeFileSync(path.join(dir, "index.php"), "<?php");
    fs.writeFileSync(path.join(dir, "uploads", "deep", "a.jpg"), Buffer.alloc(1000, 1));
    try {
      const res = await backupSource(repo, { id: "d", name: "site", type: "directory", config: { path: dir } }, OPTS);
      expect(res.proof?.manifest).toEqual({ kind: "directory", fileCount: 2, totalBytes: 1005 });
      const { scanSnapshotFor } = await import("@/lib/backups/run-backup/required-paths");
      const found = await scanSnapshotFor(repo, res.snapshotId, [
        path.join(dir, "index.php"),
        path.join(dir, "uploads"),
        path.join(dir, "uploads", "deep", "a.jpg"),
        path.join(dir, "missing.txt"),
      ]);
      expect(Object.fromEntries(found)).toEqual({
        [path.join(dir, "index.php")]: "file",
        [path.join(dir, "uploads")]: "dir",
        [path.join(dir, "uploads", "deep", "a.jpg")]: "file",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
