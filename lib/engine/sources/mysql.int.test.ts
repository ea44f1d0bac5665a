/* MariaDB source against a real server and real restic: a throwaway database with binary, unicode,
 * JSON-ish and NULL data plus a view, a routine, a trigger and an event; backed up; damaged; restored;
 * proven exact by per-table row checksums and the schema. Also restore into a different database (the
 * dump names none), and a failed dump (wrong password) leaves no snapshot. */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureMariadb, MARIADB } from "../../../test/support/local-services";
import type { Repo } from "../types";
import { DumpFailed, backupSource, restoreSource, type SourceSpec } from "./index";
import { freshRepo, mariadb, mariaFingerprint, snapshotCount } from "./test-support";

let repo: Repo;
let repoDir: string;
const dbs: string[] = [];

function newDb(prefix: string): string {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  mariadb(MARIADB, null, `create database \`${name}\` character set utf8mb4`);
  dbs.push(name);
  return name;
}

function source(
  name: string,
  database: string,
  secrets: Record<string, string> = { password: MARIADB.password },
): SourceSpec {
  return {
    id: `src-${database}`,
    name,
    type: "mysql",
    config: { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database },
    secrets,
  };
}

function seed(db: string, rows: number) {
  mariadb(
    MARIADB,
    db,
    `
    create table customers (id int auto_increment primary key, name varchar(200) not null, email varchar(200) unique, note text null) engine=innodb;
    create table orders (id bigint auto_increment primary key, customer_id int, amount decimal(12,2), meta json, blob_col varbinary(64),
      placed datetime(3), index(customer_id), foreign key (customer_id) references customers(id) on delete cascade) engine=innodb;
    create table audit (id int auto_increment primary key, what varchar(100)) engine=innodb;
    create trigger orders_audit after insert on orders for each row insert into audit(what) values (concat('order ', new.id));
    create view big_orders as select * from orders where amount > 500;
    create function twice(x int) returns int deterministic return x * 2;
    create event nightly on schedule every 1 day starts '2030-01-01 00:00:00' do delete from audit where id < 0;
    insert into customers(name, email, note)
      select concat('Kundin ', seq, ' ü€😀'), concat('c', seq, '@example.com'), if(seq % 7 = 0, null, repeat(md5(seq), 3)) from seq_1_to_${rows};
    insert into orders(customer_id, amount, meta, blob_col, placed)
      select (seq % ${rows}) + 1, (seq * 37 % 100000) / 100.0, json_object('i', seq, 'q', 'quote"d\\ttab'), unhex(concat(md5(seq), '00ff')),
        timestamp('2020-01-01') + interval seq second from seq_1_to_${rows * 2};
  `,
  );
}

beforeAll(async () => {
  await ensureMariadb();
  ({ repo, dir: repoDir } = await freshRepo("lb-my-"));
});

afterAll(() => {
  for (const d of dbs) mariadb(MARIADB, null, `drop database if exists \`${d}\``);
  fs.rmSync(repoDir, { recursive: true, force: true });
});

describe("mysql source", () => {
  it("backs up, and restores exactly over damaged data", async () => {
    const db = newDb("lbt_my");
    seed(db, 10_000);
    const before = mariaFingerprint(MARIADB, db);
    expect(Object.keys(before.tables)).toEqual(["audit", "customers", "orders"]);
    expect(before.tables.audit.startsWith("20000:")).toBe(true);

    const src = source("Shop DB", db);
    const result = await backupSource(repo, src, { tags: ["lifeboat"], host: "test-env" });
    expect(result.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.totalBytes).toBeGreaterThan(500_000);

    mariadb(
      MARIADB,
      db,
      `delete from orders where id % 3 = 0; update customers set name = 'damaged' where id < 500;
       drop view big_orders; drop trigger orders_audit; drop table audit; drop function twice; alter table customers drop column note;`,
    );
    expect(mariaFingerprint(MARIADB, db)).not.toEqual(before);

    await restoreSource(repo, { snapshotId: result.snapshotId, source: src });
    const after = mariaFingerprint(MARIADB, db);
    expect(after.tables).toEqual(before.tables);
    expect(after.schema).toEqual(before.schema);
  });

  it("restores into another database, named by a URL secret", async () => {
    const a = newDb("lbt_mya");
    const b = newDb("lbt_myb");
    seed(a, 1_000);
    const before = mariaFingerprint(MARIADB, a);
    const result = await backupSource(repo, source("Staging DB", a), { tags: ["t"], host: "h" });
    const url = `mysql://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${b}`;
    await restoreSource(repo, {
      snapshotId: result.snapshotId,
      source: { ...source("Other DB", "ignored"), config: {}, secrets: { url } },
    });
    const after = mariaFingerprint(MARIADB, b);
    expect(after.tables).toEqual(before.tables);
    expect(after.schema).toEqual(before.schema);
    expect(mariaFingerprint(MARIADB, a)).toEqual(before);
  });

  it("fails with the tool's stderr and keeps no snapshot when the dump cannot run", async () => {
    const count = snapshotCount(repo);
    const err = await backupSource(repo, source("Ghost DB", "lbt_no_such_db_e3"), { tags: ["t"], host: "h" }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(DumpFailed);
    expect(err.tool).toBe("mariadb-dump");
    expect(err.stderr).toMatch(/Unknown database/i);
    expect(snapshotCount(repo)).toBe(count);
  });
});
