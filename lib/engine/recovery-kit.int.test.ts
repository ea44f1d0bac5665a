/* Recovery without Lifeboat, for databases: a PostgreSQL and a MariaDB database backed up through the
 * engine to a destination, damaged, and restored by running the recovery kit's own
 * `restic dump … | pg_restore …` / `| mariadb …` lines in sh with only the kit's environment. Proven
 * exact with per-table row checksums and the schema. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPgDatabase,
  dropPgDatabase,
  ensureMariadb,
  ensurePostgres,
  MARIADB,
  PG_URL_BASE,
} from "@/test/support/local-services";
import { runKitCommand } from "@/test/support/servers/fixtures";
import { repoForDestination } from "./destinations/repo-for-destination";
import { verifyDestination } from "./destinations/verify-destination";
import type { DestinationSpec } from "./destinations/config";
import { recoveryKit } from "./recovery-kit";
import { backupSource, type SourceSpec } from "./sources/index";
import { mariadb, mariaFingerprint, pgFingerprint, psql } from "./sources/test-support";

const made: string[] = [];
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  made.push(d);
  return d;
};
let pgName = "";
let myName = "";

beforeAll(async () => {
  await Promise.all([ensurePostgres(), ensureMariadb()]);
});
afterAll(() => {
  if (pgName) dropPgDatabase(pgName);
  if (myName) mariadb(MARIADB, null, `drop database if exists \`${myName}\``);
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

describe("recovery kit restores databases with the bare CLI", () => {
  it("PostgreSQL and MariaDB: dump | pg_restore / mariadb from the kit, exact", async () => {
    const dataDir = tmp("lbt-kitdb-data-");
    const spec: DestinationSpec = {
      type: "local",
      config: { path: path.join(tmp("lbt-kitdb-repo-"), "repo") },
      repoPassword: "kit test pw",
    };
    expect(await verifyDestination(spec, { dataDir, init: true })).toMatchObject({ ok: true, created: true });
    const repo = repoForDestination(spec, { dataDir });

    const pg = createPgDatabase("lbt_kit");
    pgName = pg.name;
    psql(
      pg.url,
      `create table items (id serial primary key, name text, price numeric(10,2), data bytea);
       insert into items(name, price, data) select 'item ' || i || ' ü', i * 1.5, decode(md5(i::text), 'hex') from generate_series(1, 2000) i;
       create view cheap as select * from items where price < 10;`,
    );
    myName = `lbt_kit_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    mariadb(MARIADB, null, `create database \`${myName}\` character set utf8mb4`);
    mariadb(
      MARIADB,
      myName,
      `create table notes (id int auto_increment primary key, body text, created datetime(3)) engine=innodb;
       insert into notes(body, created) select concat('note ', seq, ' €'), '2025-01-02 03:04:05.678' from seq_1_to_1500;`,
    );
    const pgBefore = pgFingerprint(pg.url);
    const myBefore = mariaFingerprint(MARIADB, myName);

    const u = new URL(PG_URL_BASE);
    const sources: SourceSpec[] = [
      {
        id: "kit-pg",
        name: "Shop",
        type: "postgres",
        config: {
          host: u.hostname,
          port: Number(u.port || 5432),
          user: decodeURIComponent(u.username) || "postgres",
          database: pg.name,
        },
      },
      {
        id: "kit-my",
        name: "Wiki",
        type: "mysql",
        config: { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: myName },
        secrets: { password: MARIADB.password },
      },
    ];
    for (const s of sources) await backupSource(repo, s, { tags: ["lifeboat", `source:${s.id}`], host: "prod" });

    // Damage both.
    psql(pg.url, "delete from items where id % 3 = 0; drop view cheap; update items set name = 'x'");
    mariadb(MARIADB, myName, "delete from notes where id > 100; update notes set body = 'gone'");
    expect(pgFingerprint(pg.url)).not.toEqual(pgBefore);

    const elsewhere = tmp("lbt-kitdb-run-");
    const kit = recoveryKit(spec, { dataDir, sources, filesDir: path.join(elsewhere, "files") });
    const home = path.join(elsewhere, "home");
    fs.mkdirSync(home);
    const pgCmd = kit.commands.find((c) => c.includes("| pg_restore "))!;
    const myCmd = kit.commands.find((c) => c.includes("| mariadb "))!;
    expect(pgCmd).toContain(`dump latest --tag source:kit-pg /${pg.name}.pgdump`);

    const r1 = await runKitCommand(pgCmd, kit.env, { cwd: elsewhere, home });
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await runKitCommand(myCmd, kit.env, { cwd: elsewhere, home });
    expect(r2.code, r2.stderr).toBe(0);

    expect(pgFingerprint(pg.url)).toEqual(pgBefore);
    expect(mariaFingerprint(MARIADB, myName)).toEqual(myBefore);
  });
});
