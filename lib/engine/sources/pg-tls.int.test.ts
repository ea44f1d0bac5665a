/* Lifeboat's own PostgreSQL connections follow libpq's sslmode the way pg_dump does, against real
 * clusters: one that accepts TLS only (self-signed certificate for CN=localhost, plain TCP refused in
 * pg_hba.conf) and one without TLS. A backup of the TLS-only server with no sslmode (libpq's default,
 * prefer) dumps and counts its rows; `?sslmode=require` in the URL reaches it without checking the
 * certificate; verify-full refuses the self-signed certificate and disable is refused by the server;
 * the server without TLS is still reached with no sslmode (prefer falls back) and with `allow`. */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../pitr/test-cluster";
import type { Repo } from "../types";
import { backupSource, type SourceSpec } from "./index";
import { PgSnapshot } from "./pg-snapshot";
import { freshRepo } from "./test-support";
import { parseSource, ZDatabaseSource } from "./types";

let tlsOnly: TestCluster;
let plain: TestCluster;
let repo: Repo;
let repoDir: string;

beforeAll(async () => {
  [tlsOnly, plain] = await Promise.all([startTestCluster({ tlsOnly: true }), startTestCluster()]);
  for (const c of [tlsOnly, plain])
    c.sql("create table orders (id int); insert into orders select generate_series(1, 42)", "shop");
  ({ repo, dir: repoDir } = await freshRepo("lb-pgtls-"));
}, 120_000);

afterAll(() => {
  tlsOnly?.stop();
  plain?.stop();
  fs.rmSync(repoDir, { recursive: true, force: true });
});

const byUrl = (c: TestCluster, query = ""): SourceSpec => ({
  id: "pg",
  name: "Shop DB",
  type: "postgres",
  config: {},
  secrets: { url: `postgresql://postgres@127.0.0.1:${c.port}/shop${query}` },
});
const byHost = (c: TestCluster, sslmode?: string): SourceSpec => ({
  id: "pg",
  name: "Shop DB",
  type: "postgres",
  config: { host: "127.0.0.1", port: c.port, user: "postgres", database: "shop", ...(sslmode ? { sslmode } : {}) },
  secrets: {},
});

async function countOrders(src: SourceSpec): Promise<number> {
  const snap = await PgSnapshot.open(parseSource(ZDatabaseSource, src));
  try {
    return (await snap.countTables()).find((t) => t.name === "orders")!.rows;
  } finally {
    await snap.close();
  }
}

describe("sslmode on Lifeboat's own connections", () => {
  it("backs up a TLS-only server with no sslmode: pg_dump and the row counts both get through", async () => {
    const res = await backupSource(repo, byUrl(tlsOnly), { tags: ["t"], host: "h" });
    expect(res.proof?.checks.map((c) => [c.name, c.status])).toEqual([
      ["Dump is complete", "passed"],
      ["Row counts", "passed"],
    ]);
    const tables = (res.proof!.manifest as { tables: { name: string; rows: number }[] }).tables;
    expect(tables.find((t) => t.name === "orders")?.rows).toBe(42);
  });

  it("reaches the TLS-only server by host and port, and with ?sslmode=require despite its self-signed certificate", async () => {
    expect(await countOrders(byHost(tlsOnly))).toBe(42);
    expect(await countOrders(byHost(tlsOnly, "require"))).toBe(42);
    expect(await countOrders(byUrl(tlsOnly, "?sslmode=require"))).toBe(42);
  });

  it("refuses what libpq refuses: verify-full against a self-signed certificate, disable against TLS only", async () => {
    await expect(countOrders(byUrl(tlsOnly, "?sslmode=verify-full"))).rejects.toThrow(/self.signed|certificate/i);
    await expect(countOrders(byHost(tlsOnly, "disable"))).rejects.toThrow(/pg_hba\.conf|no encryption/);
  });

  it("reaches a server without TLS with no sslmode, with allow and with prefer; require fails there", async () => {
    expect(await countOrders(byUrl(plain))).toBe(42);
    expect(await countOrders(byHost(plain, "allow"))).toBe(42);
    expect(await countOrders(byUrl(plain, "?sslmode=prefer"))).toBe(42);
    await expect(countOrders(byHost(plain, "require"))).rejects.toThrow(/does not support SSL/i);
  });
});
