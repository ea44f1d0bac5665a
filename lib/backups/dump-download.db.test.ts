/* Database dumps downloaded as themselves (format=file) and as plain SQL (format=sql): a real
 * PostgreSQL and a real MariaDB database are backed up by the engine (pg_dump / mariadb-dump into real
 * restic), then downloaded through the service and the REST route. The stored dump must be
 * byte-identical to what `restic dump` gives and accepted by `pg_restore --list`; the SQL download must
 * hold the table's CREATE TABLE and its rows; a viewer gets 403; a single directory file downloads
 * unwrapped; a folder or a SQLite "as SQL" is refused with the reason. */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, destinations, environments, projects, sources } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { backupPaths, backupSource, initRepo, type Repo, type SourceSpec } from "@/lib/engine";
import { mariadb, psql } from "@/lib/engine/sources/test-support";
import { sealSecret } from "@/lib/secrets";
import {
  createPgDatabase,
  dropPgDatabase,
  ensureMariadb,
  ensurePostgres,
  MARIADB,
  PG_URL_BASE,
} from "@/test/support/local-services";
import * as downloadRoute from "@/app/api/v1/backups/[id]/download/route";
import { indexSnapshotFiles } from "./index-snapshot-files";
import { streamBackupDownload } from "./index";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-dumps-"));
let users: Record<Role, TestUser>;
let repo: Repo;
let backupId = "";
const ids: Record<"pg" | "my" | "dir", string> = { pg: "", my: "", dir: "" };
const snaps: Record<"pg" | "my" | "dir", string> = { pg: "", my: "", dir: "" };
let pgName = "";
let myName = "";
const blob = randomBytes(200_000);

function resticDump(snapshotId: string, file: string): Buffer {
  return execFileSync("restic", ["--no-cache", "-r", repo.url, "dump", snapshotId, file], {
    env: { ...process.env, RESTIC_PASSWORD: repo.password, RESTIC_PASSWORD_FILE: "", RESTIC_REPOSITORY: "" },
    maxBuffer: 1 << 28,
  });
}
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function download(sourceId: string, format: "file" | "sql", p = "/") {
  const res = await streamBackupDownload(backupId, { sourceId, path: p, format }, users.operator.actor);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  await Promise.all([ensurePostgres(), ensureMariadb()]);
  users = await seedRoles();
  const pg = createPgDatabase("lbt_dl");
  pgName = pg.name;
  psql(
    pg.url,
    `create table invoices (id serial primary key, customer text not null, total numeric(10,2));
     insert into invoices(customer, total) select 'customer ' || i || ' ü', i * 2.5 from generate_series(1, 300) i;`,
  );
  myName = `lbt_dl_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  mariadb(MARIADB, null, `create database \`${myName}\` character set utf8mb4`);
  mariadb(
    MARIADB,
    myName,
    "create table notes (id int primary key, body text); insert into notes values (1, 'first €')",
  );
  fs.mkdirSync(path.join(work, "site"), { recursive: true });
  fs.writeFileSync(path.join(work, "site", "blob.bin"), blob);

  const db = getDb();
  const [d] = await db
    .insert(destinations)
    .values({
      name: "Dumps test repo",
      type: "local",
      config: { path: path.join(work, "repo") },
      repoPasswordEnc: sealSecret("dumps-test-password"),
    })
    .returning();
  repo = await loadDestinationRepo(d!.id);
  await initRepo(repo);
  const slug = `p-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  const u = new URL(PG_URL_BASE);
  const pgConfig = { host: u.hostname, port: Number(u.port || 5432), user: u.username || "postgres", database: pgName };
  const myConfig = { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: myName };
  const rows = await db
    .insert(sources)
    .values([
      { environmentId: e!.id, name: "Shop", type: "postgres", config: pgConfig },
      { environmentId: e!.id, name: "Wiki", type: "mysql", config: myConfig },
      { environmentId: e!.id, name: "Site", type: "directory", config: { path: path.join(work, "site") } },
    ])
    .returning();
  [ids.pg, ids.my, ids.dir] = rows.map((r) => r.id) as [string, string, string];
  const [b] = await db
    .insert(backups)
    .values({ environmentId: e!.id, status: "succeeded", trigger: "manual" })
    .returning();
  backupId = b!.id;
  const tags = (id: string) => ["lifeboat", `backup:${backupId}`, `source:${id}`];
  const specs: [keyof typeof ids, SourceSpec][] = [
    ["pg", { id: ids.pg, name: "Shop", type: "postgres", config: pgConfig }],
    ["my", { id: ids.my, name: "Wiki", type: "mysql", config: myConfig, secrets: { password: MARIADB.password } }],
  ];
  for (const [k, spec] of specs) {
    snaps[k] = (await backupSource(repo, spec, { tags: tags(spec.id), host: "production" })).snapshotId;
  }
  snaps.dir = (
    await backupPaths(repo, { paths: [path.join(work, "site")], tags: tags(ids.dir), host: "production" })
  ).snapshotId;
  const types = { pg: "postgres", my: "mysql", dir: "directory" } as const;
  const names = { pg: "Shop", my: "Wiki", dir: "Site" } as const;
  const snapRows = await db
    .insert(backupSnapshots)
    .values(
      (["pg", "my", "dir"] as const).map((k) => ({
        backupId,
        sourceId: ids[k],
        destinationId: d!.id,
        sourceName: names[k],
        sourceType: types[k],
        status: "succeeded" as const,
        snapshotId: snaps[k],
      })),
    )
    .returning();
  const dirRow = snapRows.find((r) => r.sourceId === ids.dir)!;
  await indexSnapshotFiles(dirRow.id, repo, snaps.dir);
});

afterAll(() => {
  if (pgName) dropPgDatabase(pgName);
  if (myName) mariadb(MARIADB, null, `drop database if exists \`${myName}\``);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("database dump downloads", () => {
  it("streams a PostgreSQL dump as stored: byte-identical to restic dump, pg_restore --list accepts it", async () => {
    const { res, body } = await download(ids.pg, "file");
    const file = `${pgName}.pgdump`;
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${file}"; filename*=UTF-8''${file}`);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(Number(res.headers.get("content-length"))).toBe(body.length);
    expect(body.subarray(0, 5).toString()).toBe("PGDMP");
    expect(sha(body)).toBe(sha(resticDump(snaps.pg, `/${file}`)));
    const saved = path.join(work, file);
    fs.writeFileSync(saved, body);
    const list = execFileSync("pg_restore", ["--list", saved]).toString();
    expect(list).toMatch(/TABLE public invoices/);
    expect(list).toMatch(/TABLE DATA public invoices/);
  });

  it("converts a PostgreSQL dump to plain SQL while streaming", async () => {
    const { res, body } = await download(ids.pg, "sql");
    expect(res.headers.get("content-disposition")).toContain(`filename="${pgName}.sql"`);
    expect(res.headers.get("content-type")).toBe("application/sql");
    expect(res.headers.get("content-length")).toBeNull();
    const sql = body.toString("utf8");
    expect(sql).toContain("CREATE TABLE public.invoices");
    expect(sql).toMatch(/COPY public\.invoices \(id, customer, total\) FROM stdin;/);
    expect(sql).toContain("1\tcustomer 1 ü\t2.50");
    expect(sql).toContain("300\tcustomer 300 ü\t750.00");
  });

  it("streams a MariaDB dump as its stored .sql, for file and sql alike", async () => {
    const stored = await download(ids.my, "file");
    expect(stored.res.headers.get("content-disposition")).toContain(`filename="${myName}.sql"`);
    expect(stored.res.headers.get("content-type")).toBe("application/sql");
    expect(sha(stored.body)).toBe(sha(resticDump(snaps.my, `/${myName}.sql`)));
    expect(stored.body.toString()).toMatch(/CREATE TABLE `notes`/);
    expect(stored.body.toString()).toContain("first €");
    const asSql = await download(ids.my, "sql");
    expect(sha(asSql.body)).toBe(sha(stored.body));
  });

  it("streams one directory file unwrapped and refuses a folder or a directory 'as SQL'", async () => {
    const { res, body } = await download(ids.dir, "file", "/blob.bin");
    expect(res.headers.get("content-disposition")).toContain('filename="blob.bin"');
    expect(sha(body)).toBe(sha(blob));
    await expect(
      streamBackupDownload(backupId, { sourceId: ids.dir, path: "/", format: "file" }, users.operator.actor),
    ).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/folder downloads as tar/) });
    await expect(
      streamBackupDownload(backupId, { sourceId: ids.dir, path: "/blob.bin", format: "sql" }, users.operator.actor),
    ).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/Only PostgreSQL/) });
  });

  it("answers a viewer 403 on the REST route and an operator 200 with the dump", async () => {
    for (const format of ["file", "sql"]) {
      const denied = await call(downloadRoute.GET, {
        token: users.viewer.token,
        params: { id: backupId },
        path: `/api/v1/backups/${backupId}/download?sourceId=${ids.pg}&format=${format}`,
      });
      expect(denied.status).toBe(403);
      expect(denied.json.error.message).toMatch(/Viewers can browse/);
    }
    const ok = await call(downloadRoute.GET, {
      token: users.operator.token,
      params: { id: backupId },
      path: `/api/v1/backups/${backupId}/download?sourceId=${ids.pg}&format=sql`,
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("CREATE TABLE public.invoices");
  });
});
