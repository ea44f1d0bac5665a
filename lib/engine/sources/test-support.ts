/* Helpers for the sources' integration tests and the engine benchmark: a fresh local restic repository,
 * and fingerprints that prove a restore exact — per-table row checksums plus the schema for PostgreSQL
 * and MariaDB, sha256 + type + mode of every entry for a directory. Test/bench code only; nothing in the
 * product imports it. Fingerprints are computed with the plain client tools, independent of the code
 * under test. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { initRepo } from "../restic/repository";
import type { Repo } from "../types";

export async function freshRepo(
  prefix = "lb-src-",
  parent = os.tmpdir(),
  opts: { copyChunkerParamsFrom?: Repo } = {},
): Promise<{ repo: Repo; dir: string }> {
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  const repo: Repo = {
    url: path.join(dir, "repo"),
    password: "test-password-" + path.basename(dir),
    cacheDir: path.join(dir, "cache"),
  };
  await initRepo(repo, opts);
  return { repo, dir };
}

/** Raw restic with the same repository (for assertions that must not go through the engine). */
export function resticRaw(repo: Repo, args: string[], input?: Buffer | string): string {
  return execFileSync("restic", ["--no-cache", "-r", repo.url, ...args], {
    env: { ...process.env, RESTIC_PASSWORD: repo.password, RESTIC_PASSWORD_FILE: "", RESTIC_REPOSITORY: "" },
    input,
    maxBuffer: 1 << 30,
  }).toString();
}

export function snapshotCount(repo: Repo): number {
  return (JSON.parse(resticRaw(repo, ["snapshots", "--json"])) as unknown[]).length;
}

export function psql(url: string, sql: string): string {
  return execFileSync("psql", [url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql], { maxBuffer: 1 << 28 })
    .toString()
    .trim();
}

/** md5 of every table's rows (ordered by their text form) and the schema-only dump. */
export function pgFingerprint(url: string): { tables: Record<string, string>; schema: string } {
  const tables = psql(
    url,
    "select quote_ident(schemaname)||'.'||quote_ident(tablename) from pg_tables where schemaname not in ('pg_catalog','information_schema') order by 1",
  )
    .split("\n")
    .filter(Boolean);
  const out: Record<string, string> = {};
  for (const t of tables) {
    out[t] = psql(
      url,
      `select count(*)||':'||coalesce(md5(string_agg(r::text, E'\\n' order by r::text)), '-') from ${t} r`,
    );
  }
  // Newer pg_dump releases wrap the script in `\restrict <random key>` … `\unrestrict`: not schema.
  const schema = execFileSync("pg_dump", ["--schema-only", "--no-owner", url], { maxBuffer: 1 << 28 })
    .toString()
    .replace(/^\\(un)?restrict .*$/gm, "");
  return { tables: out, schema };
}

export type MariaConn = { host: string; port: number; user: string; password: string };

export function mariadb(conn: MariaConn, database: string | null, sql: string): string {
  const args = [
    `--host=${conn.host}`,
    `--port=${conn.port}`,
    `--user=${conn.user}`,
    "--default-character-set=utf8mb4",
    "--batch",
    "--skip-column-names",
    "--raw",
  ];
  if (database) args.push(`--database=${database}`);
  return execFileSync("mariadb", [...args, "-e", sql], {
    env: { ...process.env, MYSQL_PWD: conn.password },
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "pipe"],
  })
    .toString()
    .trim();
}

export function mariaFingerprint(conn: MariaConn, db: string): { tables: Record<string, string>; schema: string } {
  const tables = mariadb(
    conn,
    db,
    "select table_name from information_schema.tables where table_schema=database() and table_type='BASE TABLE' order by 1",
  )
    .split("\n")
    .filter(Boolean);
  const out: Record<string, string> = {};
  const schema: string[] = [];
  for (const t of tables) {
    const cols = mariadb(
      conn,
      db,
      `select column_name from information_schema.columns where table_schema=database() and table_name='${t}' order by ordinal_position`,
    )
      .split("\n")
      .map((c) => `coalesce(hex(\`${c}\`),'NULL')`);
    const row = `concat_ws('#', ${cols.join(", ")})`;
    out[t] = mariadb(
      conn,
      db,
      `set session group_concat_max_len = 1073741824; select concat(count(*), ':', coalesce(md5(group_concat(${row} order by ${row} separator '|')), '-')) from \`${t}\``,
    );
    schema.push(mariadb(conn, db, `show create table \`${t}\``));
  }
  schema.push(
    mariadb(
      conn,
      db,
      "select routine_name, routine_definition from information_schema.routines where routine_schema=database() order by 1",
    ),
  );
  schema.push(
    mariadb(
      conn,
      db,
      "select trigger_name, action_statement from information_schema.triggers where trigger_schema=database() order by 1",
    ),
  );
  schema.push(
    mariadb(
      conn,
      db,
      "select event_name, event_definition from information_schema.events where event_schema=database() order by 1",
    ),
  );
  schema.push(
    mariadb(
      conn,
      db,
      "select table_name, view_definition from information_schema.views where table_schema=database() order by 1",
    ),
  );
  // Views name their own database; compare across databases with the name factored out.
  return { tables: out, schema: schema.join("\n---\n").split(db).join("<db>") };
}

/** Every entry under `root`: type, mode, and sha256 (files) or link target (symlinks). */
export function treeFingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${mode}`;
        walk(p);
      } else out[rel] = `file ${mode} ${crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex")}`;
    }
  };
  walk(root);
  return out;
}
