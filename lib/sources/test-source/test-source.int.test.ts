/* Test connection against the real thing: local PostgreSQL and MariaDB, real folders and SQLite files.
 * A missing database, a wrong password or user, a table the user may not read, a missing or unreadable
 * folder and a file that is not a database are each caught at the right step with a message that says
 * so; good sources pass with their size (and file count), versions read from the real server and tools. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceSpec } from "@/lib/engine";
import {
  createPgDatabase,
  dropPgDatabase,
  ensureMariadb,
  ensurePostgres,
  MARIADB,
} from "@/test/support/local-services";
import { mariadb, psql } from "@/lib/engine/sources/test-support";
import { runSourceTest } from "./run-source-test";
import type { SourceTestResult } from "./result";

const statuses = (r: SourceTestResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const message = (r: SourceTestResult, id: string) => r.checks.find((c) => c.id === id)?.message ?? "";

function spec(type: SourceSpec["type"], config: Record<string, unknown>, secrets?: Record<string, string>): SourceSpec {
  return { id: "t", name: "under test", type, config, ...(secrets ? { secrets } : {}) };
}

let pg: { name: string; url: string };
const mariaDb = `lbt_test_${process.pid}`;
let tmp = "";
const reader = `lbt_reader_${process.pid}`;

beforeAll(async () => {
  await ensurePostgres();
  await ensureMariadb();
  pg = createPgDatabase("lbt_srctest");
  psql(
    pg.url,
    "create table items (id int primary key, name text); insert into items select g, 'x' || g from generate_series(1, 500) g;",
  );
  psql(pg.url, `create role ${reader} login; create table secret_stuff (id int);`);
  mariadb(MARIADB, null, `create database \`${mariaDb}\``);
  mariadb(MARIADB, mariaDb, "create table t (id int primary key) engine=InnoDB; insert into t values (1),(2),(3);");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-srctest-"));
});

afterAll(() => {
  dropPgDatabase(pg.name);
  psql(`${pg.url.replace(/\/[^/]+$/, "")}/postgres`, `drop role if exists ${reader}`);
  mariadb(MARIADB, null, `drop database if exists \`${mariaDb}\``);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("PostgreSQL", () => {
  const base = { host: "127.0.0.1", port: 5432, user: "postgres" };
  it("passes a good source, with the database's size and the real versions", async () => {
    const r = await runSourceTest(spec("postgres", { ...base, database: pg.name }));
    expect(r.ok, JSON.stringify(r.checks)).toBe(true);
    expect(statuses(r)).toEqual({
      reachable: "ok",
      credentials: "ok",
      database: "ok",
      privileges: "ok",
      dump_tool: "ok",
    });
    expect(r.facts.sizeBytes).toBeGreaterThan(1_000_000);
    const server = execFileSync("psql", [pg.url, "-XAtc", "show server_version"]).toString().trim();
    expect(r.facts.serverVersion).toBe(`PostgreSQL ${server}`);
    expect(message(r, "dump_tool")).toMatch(/^pg_dump \d+\.\d+ fits PostgreSQL/);
  });
  it("catches a missing database", async () => {
    const r = await runSourceTest(spec("postgres", { ...base, database: "no_such_db_here" }));
    expect(r.ok).toBe(false);
    expect(statuses(r)).toMatchObject({
      reachable: "ok",
      credentials: "ok",
      database: "failed",
      privileges: "skipped",
    });
    expect(message(r, "database")).toContain('database "no_such_db_here" does not exist');
  });
  it("catches an unknown user (this server trusts local passwords, so a user is what it can refuse)", async () => {
    const r = await runSourceTest(
      spec("postgres", { ...base, user: "nobody_here", database: pg.name }, { password: "x" }),
    );
    expect(statuses(r)).toMatchObject({ reachable: "ok", credentials: "failed", database: "skipped" });
    expect(message(r, "credentials")).toMatch(/refused the user nobody_here/);
  });
  it("catches a server that is not there, and a table the user may not read", async () => {
    const down = await runSourceTest(spec("postgres", { ...base, port: 1, database: pg.name }));
    expect(statuses(down)).toMatchObject({ reachable: "failed", credentials: "skipped" });
    expect(message(down, "reachable")).toMatch(/Could not reach PostgreSQL at 127\.0\.0\.1:1: .*refused/);
    const r = await runSourceTest(spec("postgres", { ...base, user: reader, database: pg.name }));
    expect(statuses(r)).toMatchObject({ credentials: "ok", database: "ok", privileges: "failed" });
    expect(message(r, "privileges")).toMatch(
      /cannot read public\.items, public\.secret_stuff|cannot read public\.secret_stuff, public\.items/,
    );
  });
  it("works from a connection URL secret", async () => {
    const r = await runSourceTest(spec("postgres", {}, { url: pg.url }));
    expect(r.ok, JSON.stringify(r.checks)).toBe(true);
  });
});

describe("MariaDB", () => {
  const base = { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user };
  it("passes a good source with its size and the dump tool's fit", async () => {
    const r = await runSourceTest(spec("mysql", { ...base, database: mariaDb }));
    expect(r.ok, JSON.stringify(r.checks)).toBe(true);
    expect(statuses(r)).toEqual({ reachable: "ok", credentials: "ok", database: "ok", dump_tool: "ok" });
    expect(r.facts.serverVersion).toMatch(/MariaDB/);
    expect(r.facts.sizeBytes).toBeGreaterThan(0);
    expect(message(r, "database")).toMatch(/1 tables/);
  });
  it("catches a missing database", async () => {
    const r = await runSourceTest(spec("mysql", { ...base, database: "no_such_db_here" }));
    expect(statuses(r)).toMatchObject({ reachable: "ok", credentials: "ok", database: "failed" });
    expect(message(r, "database")).toMatch(/Unknown database 'no_such_db_here'/);
  });
  it("catches a wrong password", async () => {
    const r = await runSourceTest(spec("mysql", { ...base, database: mariaDb }, { password: "definitely-wrong" }));
    expect(statuses(r)).toMatchObject({ reachable: "ok", credentials: "failed", database: "skipped" });
    expect(message(r, "credentials")).toMatch(/Access denied for user 'root'/);
  });
  it("catches a server that is not there", async () => {
    const r = await runSourceTest(spec("mysql", { ...base, port: 1, database: mariaDb }));
    expect(statuses(r)).toMatchObject({ reachable: "failed", credentials: "skipped", database: "skipped" });
  });
});

describe("directories", () => {
  it("pass with their file count and size, excludes left out", async () => {
    const dir = path.join(tmp, "site");
    fs.mkdirSync(path.join(dir, "uploads", "deep"), { recursive: true });
    fs.mkdirSync(path.join(dir, "node_modules", "pkg"), { recursive: true });
    fs.writeFileSync(path.join(dir, "index.html"), "x".repeat(1000));
    fs.writeFileSync(path.join(dir, "uploads", "a.bin"), Buffer.alloc(4096));
    fs.writeFileSync(path.join(dir, "uploads", "deep", "b.txt"), "hello");
    fs.writeFileSync(path.join(dir, "node_modules", "pkg", "big.js"), Buffer.alloc(100_000));
    const r = await runSourceTest(spec("directory", { path: dir, exclude: ["node_modules"] }));
    expect(r.ok).toBe(true);
    expect(r.facts).toMatchObject({ fileCount: 3, sizeBytes: 1000 + 4096 + 5 });
    expect(message(r, "contents")).toBe("3 files, 5.0 KiB.");
  });
  it("catch a missing folder and a file given as a folder", async () => {
    const r = await runSourceTest(spec("directory", { path: path.join(tmp, "nope") }));
    expect(statuses(r)).toEqual({ path: "failed", readable: "skipped", contents: "skipped" });
    expect(message(r, "path")).toMatch(/There is no folder at .*nope/);
    fs.writeFileSync(path.join(tmp, "plain.txt"), "x");
    const f = await runSourceTest(spec("directory", { path: path.join(tmp, "plain.txt") }));
    expect(message(f, "path")).toMatch(/is a file, not a folder/);
  });
  it.skipIf(process.getuid?.() === 0)("warn about what cannot be read (a backup would be partial)", async () => {
    const dir = path.join(tmp, "locked");
    fs.mkdirSync(path.join(dir, "private"), { recursive: true });
    fs.writeFileSync(path.join(dir, "ok.txt"), "fine");
    fs.chmodSync(path.join(dir, "private"), 0o000);
    try {
      const r = await runSourceTest(spec("directory", { path: dir }));
      expect(statuses(r).contents).toBe("warning");
      expect(message(r, "contents")).toMatch(/1 could not be read .*private/);
    } finally {
      fs.chmodSync(path.join(dir, "private"), 0o755);
    }
  });
});

describe("SQLite", () => {
  it("passes a real database and catches a missing file or one that is not a database", async () => {
    const db = path.join(tmp, "app.sqlite");
    execFileSync("sqlite3", [db, "create table a (x); create table b (y); insert into a values (1);"]);
    const good = await runSourceTest(spec("sqlite", { path: db }));
    expect(good.ok, JSON.stringify(good.checks)).toBe(true);
    expect(message(good, "database")).toBe("A SQLite database with 2 tables.");
    expect(good.facts.sizeBytes).toBe(fs.statSync(db).size);
    const missing = await runSourceTest(spec("sqlite", { path: path.join(tmp, "gone.sqlite") }));
    expect(statuses(missing)).toEqual({ path: "failed", database: "skipped" });
    const text = path.join(tmp, "notes.sqlite");
    fs.writeFileSync(text, "this is not a database, just text that is long enough");
    const bad = await runSourceTest(spec("sqlite", { path: text }));
    expect(statuses(bad)).toEqual({ path: "ok", database: "failed" });
    expect(message(bad, "database")).toMatch(/is not a SQLite database/);
  });
});

describe("settings and commands", () => {
  it("reports settings the engine refuses as a failed line, and does not run commands", async () => {
    const r = await runSourceTest(spec("postgres", { host: "127.0.0.1" }));
    expect(statuses(r)).toEqual({ settings: "failed" });
    const c = await runSourceTest(spec("command", { backupCommand: "touch /tmp/should-not-exist-lb" }));
    expect(statuses(c)).toEqual({ command: "skipped" });
    expect(fs.existsSync("/tmp/should-not-exist-lb")).toBe(false);
  });
});
