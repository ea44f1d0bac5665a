/* pgDumpAsSql against real restic and pg_restore: a real pg_dump comes back as plain SQL that psql
 * loads into an empty database with the same rows; a stored file that is not a custom-format dump makes
 * the stream fail (never end cleanly) with pg_restore's reason; a missing file fails with restic's. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDatabase, dropPgDatabase, ensurePostgres, PG_URL_BASE } from "@/test/support/local-services";
import { backupStdin } from "../restic/backup";
import type { Repo } from "../types";
import { backupSource } from "./index";
import { pgDumpAsSql } from "./pgdump-as-sql";
import { freshRepo, psql } from "./test-support";

let repo: Repo;
let dir = "";
const dbs: string[] = [];

async function read(stream: Readable): Promise<{ text: string; ended: boolean; error?: Error }> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve({ text: Buffer.concat(chunks).toString(), ended: true }));
    stream.on("error", (error) => resolve({ text: Buffer.concat(chunks).toString(), ended: false, error }));
  });
}

beforeAll(async () => {
  await ensurePostgres();
  ({ repo, dir } = await freshRepo("lb-pgsql-"));
});
afterAll(() => {
  for (const d of dbs) dropPgDatabase(d);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("pgDumpAsSql", () => {
  it("turns a stored custom-format dump into SQL that psql loads into an empty database", async () => {
    const src = createPgDatabase("lbt_sql_src");
    const dst = createPgDatabase("lbt_sql_dst");
    dbs.push(src.name, dst.name);
    psql(
      src.url,
      "create table t (id int primary key, v text); insert into t select g, 'v' || g from generate_series(1, 500) g",
    );
    const u = new URL(PG_URL_BASE);
    const spec = {
      id: "s",
      name: "Shop",
      type: "postgres" as const,
      config: { host: u.hostname, port: Number(u.port || 5432), user: u.username || "postgres", database: src.name },
    };
    const r = await backupSource(repo, spec, { tags: ["t"], host: "h" });
    const h = pgDumpAsSql(repo, { snapshotId: r.snapshotId, path: `/${src.name}.pgdump`, sourceName: "Shop" });
    const out = await read(h.stream);
    await h.done;
    expect(out.ended).toBe(true);
    expect(out.text).toContain("CREATE TABLE public.t");
    // The script carries COPY … FROM stdin blocks: psql reads it as a file, as a user would load it.
    execFileSync("psql", [dst.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], { input: out.text });
    expect(psql(dst.url, "select count(*) || ':' || md5(string_agg(v, ',' order by id)) from t")).toBe(
      psql(src.url, "select count(*) || ':' || md5(string_agg(v, ',' order by id)) from t"),
    );
  });

  it("fails the stream with pg_restore's reason when the stored file is not a dump", async () => {
    const snap = await backupStdin(repo, {
      stdin: Readable.from([randomBytes(300_000)]),
      filename: "x.pgdump",
      tags: ["t"],
      host: "h",
    });
    const h = pgDumpAsSql(repo, { snapshotId: snap.snapshotId, path: "/x.pgdump", sourceName: "Broken" });
    const out = await read(h.stream);
    expect(out.ended).toBe(false);
    await expect(h.done).rejects.toThrow(
      /Converting the dump of "Broken" to SQL failed: pg_restore exited with code 1/,
    );
  });

  it("fails the stream when the file is not in the snapshot", async () => {
    const snap = await backupStdin(repo, {
      stdin: Readable.from([Buffer.from("x")]),
      filename: "y.pgdump",
      tags: ["t"],
      host: "h",
    });
    const h = pgDumpAsSql(repo, { snapshotId: snap.snapshotId, path: "/nope.pgdump", sourceName: "Gone" });
    const out = await read(h.stream);
    expect(out.ended).toBe(false);
    await expect(h.done).rejects.toThrow();
  });
});
