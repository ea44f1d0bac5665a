/* Test support (not production code): a throwaway PostgreSQL cluster made with initdb on a random
 * loopback port, owned by the `postgres` OS user (initdb refuses root), with wal_level=replica, 1 MiB WAL
 * segments (so tests fill segments in seconds), a replication role `lbrepl` and a pg_hba.conf line for
 * it only (or, with `tlsOnly`, TLS on and every plain TCP connection refused). `stop()` stops it and
 * removes its folder. */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ToolConnection } from "../sources/database-connection";
import { pgBinary } from "./pg-tools";

export type TestCluster = {
  port: number;
  dir: string;
  conn(user?: string, database?: string): ToolConnection;
  sql(text: string, database?: string): string;
  stop(): void;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

const asPostgres = (bin: string, args: string[]) =>
  process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", pgBinary(bin), ...args]] : [pgBinary(bin), args];

function run(bin: string, args: string[]): string {
  const [cmd, a] = asPostgres(bin, args) as [string, string[]];
  return execFileSync(cmd, a, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `tlsOnly`: a self-signed certificate for CN=localhost (so verify-full to 127.0.0.1 fails, as with
 * libpq) and postgresql.conf lines turning TLS on. */
function selfSignedTls(data: string): string[] {
  const cert = path.join(data, "server.crt");
  const key = path.join(data, "server.key");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"].concat([
      "-keyout",
      key,
      "-out",
      cert,
    ]),
    { stdio: "ignore" },
  );
  fs.chmodSync(key, 0o600);
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", cert, key]);
  return ["ssl = on", `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`];
}

export async function startTestCluster(
  opts: { walLevel?: "replica" | "minimal"; walSegmentMiB?: number; tlsOnly?: boolean } = {},
): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-pgtest-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", `--wal-segsize=${opts.walSegmentMiB ?? 1}`, "--no-sync"]);
  const port = await freePort();
  const minimal = opts.walLevel === "minimal";
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      `wal_level = ${minimal ? "minimal" : "replica"}`,
      `max_wal_senders = ${minimal ? 0 : 4}`,
      "max_replication_slots = 4",
      "fsync = off",
      "shared_buffers = 16MB",
      ...(opts.tlsOnly ? selfSignedTls(data) : []),
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(data, "pg_hba.conf"),
    (opts.tlsOnly
      ? ["local all all trust", "hostssl all all 127.0.0.1/32 trust", "hostnossl all all 127.0.0.1/32 reject"]
      : ["local all all trust", "host all all 127.0.0.1/32 trust", "host replication lbrepl 127.0.0.1/32 trust"]
    )
      .concat("")
      .join("\n"),
  );
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  const sql = (text: string, database = "postgres") =>
    execFileSync(
      pgBinary("psql"),
      [
        "-X",
        "-At",
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        database,
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        text,
      ],
      {
        encoding: "utf8",
      },
    ).trim();
  sql("create role lbrepl login replication");
  sql("create role plain login");
  sql("create database shop owner lbrepl");
  return {
    port,
    dir,
    sql,
    conn: (user = "lbrepl", database = "shop") => ({
      args: ["--host=127.0.0.1", `--port=${port}`, `--username=${user}`, `--dbname=${database}`, "--no-password"],
      env: { PGCONNECT_TIMEOUT: "10" },
      database,
    }),
    stop() {
      spawnSync(...(asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]) as [string, string[]]));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
