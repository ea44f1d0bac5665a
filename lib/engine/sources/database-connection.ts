/* Turns a database source's config + secrets into client arguments and environment for the PostgreSQL
 * and MariaDB command-line tools. Owns one rule above all: the password goes into the environment
 * (PGPASSWORD / MYSQL_PWD), never into argv — a URL secret is split so its password never reaches the
 * command line (where `ps` would show it). No processes here. */
import type { SourceProof } from "../types";
import type { TDatabaseSource } from "./types";

export type ToolConnection = {
  /** connection arguments for the client (no password in them) */
  args: string[];
  env: Record<string, string>;
  /** the database name, for file names and messages */
  database: string;
};

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new Error("the connection URL is not a valid URL");
  }
}

/** `{host, port, database, user}` + `{password}`, or `{url}`; the URL's parts win over config fields. */
export function postgresConnection(s: TDatabaseSource): ToolConnection {
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: "15" };
  if (s.config.sslmode) env.PGSSLMODE = s.config.sslmode;
  if (s.secrets.url) {
    const u = parseUrl(s.secrets.url);
    // libpq also reads a password from the query string (?password=…): take it out of the URL as well.
    const queryPassword = u.searchParams.get("password");
    u.searchParams.delete("password");
    const password = s.secrets.password ?? (decodeURIComponent(u.password) || queryPassword || "");
    u.password = "";
    if (password) env.PGPASSWORD = password;
    const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || s.config.database || "postgres";
    if (!u.pathname.replace(/^\//, "") && s.config.database) u.pathname = `/${encodeURIComponent(s.config.database)}`;
    return { args: [`--dbname=${u.toString()}`, "--no-password"], env, database };
  }
  const c = s.config;
  if (s.secrets.password) env.PGPASSWORD = s.secrets.password;
  const args = [
    ...(c.host ? [`--host=${c.host}`] : []),
    ...(c.port ? [`--port=${c.port}`] : []),
    ...(c.user ? [`--username=${c.user}`] : []),
    `--dbname=${c.database!}`,
    "--no-password",
  ];
  return { args, env, database: c.database! };
}

/** Client options for mariadb / mariadb-dump; the database name is passed separately by the caller. */
export function mysqlConnection(s: TDatabaseSource): ToolConnection {
  const env: Record<string, string> = {};
  let host = s.config.host;
  let port = s.config.port;
  let user = s.config.user;
  let database = s.config.database ?? "";
  let password = s.secrets.password;
  if (s.secrets.url) {
    const u = parseUrl(s.secrets.url);
    host = u.hostname || host;
    port = u.port ? Number(u.port) : port;
    user = u.username ? decodeURIComponent(u.username) : user;
    database = decodeURIComponent(u.pathname.replace(/^\//, "")) || database;
    password = password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  }
  if (!database) throw new Error("no database name is set");
  if (password) env.MYSQL_PWD = password;
  const args = [
    ...(host ? [`--host=${host}`] : []),
    ...(port ? [`--port=${port}`] : []),
    ...(user ? [`--user=${user}`] : []),
    "--default-character-set=utf8mb4",
  ];
  return { args, env, database };
}

/** A name that is safe as a file name inside the snapshot (`/shop.pgdump`). */
/** A dump's proof with the path the dump got in its snapshot (`/<filename>`) on its manifest. */
export function withDumpPath(proof: SourceProof, filename: string): SourceProof {
  return proof.manifest?.kind === "database"
    ? { ...proof, manifest: { ...proof.manifest, file: `/${filename}` } }
    : proof;
}

export function dumpFileName(database: string, extension: string): string {
  const base = database.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "") || "database";
  return `${base}.${extension}`;
}
