/* Local PostgreSQL and MariaDB for tests: where they live, and a check that starts them when they are
 * installed but stopped, or fails with a message that says what to install. Used by globalSetup and by
 * tests that create throwaway databases. */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export const PG_URL_BASE = process.env.LIFEBOAT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432";
export const MARIADB = { host: "127.0.0.1", port: 3306, user: "root", password: "" };

function portOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

async function waitForPort(port: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function ensurePostgres(): Promise<void> {
  if (await portOpen(5432)) return;
  if (fs.existsSync("/etc/postgresql")) {
    const version = fs.readdirSync("/etc/postgresql")[0];
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "ignore" });
    if (await waitForPort(5432, 30_000)) return;
  }
  throw new Error(
    "PostgreSQL is not running on 127.0.0.1:5432 and could not be started. Install it (apt-get install postgresql) " +
      "with trust auth for local TCP connections, or set LIFEBOAT_TEST_PG_URL.",
  );
}

export async function ensureMariadb(): Promise<void> {
  if (await portOpen(3306)) return;
  if (fs.existsSync("/usr/sbin/mariadbd")) {
    spawnSync("start-stop-daemon", ["--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"], {
      stdio: "ignore",
    });
    if (await waitForPort(3306, 30_000)) return;
  }
  throw new Error(
    "MariaDB is not running on 127.0.0.1:3306 and could not be started. Install it (apt-get install mariadb-server) " +
      "with root allowed to connect without a password.",
  );
}

/** Creates a uniquely named PostgreSQL database and returns its URL. */
export function createPgDatabase(prefix = "lbt"): { name: string; url: string } {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync("psql", [`${PG_URL_BASE}/postgres`, "-v", "ON_ERROR_STOP=1", "-qc", `create database "${name}"`]);
  return { name, url: `${PG_URL_BASE}/${name}` };
}

export function dropPgDatabase(name: string): void {
  spawnSync("psql", [`${PG_URL_BASE}/postgres`, "-qc", `drop database if exists "${name}" with (force)`], {
    stdio: "ignore",
  });
}
