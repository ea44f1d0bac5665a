/* Test fixture: a real PITR repository as the WAL stream (branch pitr-stream) writes it, made with the
 * real tools — a PostgreSQL cluster from initdb on a random loopback port (wal_level=replica, WAL
 * collected by archive_command), `pg_basebackup -Ft -X none --checkpoint=fast -D -` stored with
 * `restic backup --stdin --stdin-filename base.tar` tagged `lifeboat basebackup source:<id>
 * start-wal:<segment> timeline:<n> end-lsn:<manifest's WAL-Ranges end> end-time:<server clock at its end>`, and WAL batches backed up from `<dataDir>/pitr/<id>/ship/<batch>/`
 * tagged `lifeboat wal source:<id>`. Tests only. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../restore/scratch-cluster";

const BIN = "/usr/lib/postgresql/15/bin";
const asPg = (cmd: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args]);

export type SourceCluster = {
  dir: string;
  port: number;
  sql: (q: string, db?: string) => string;
  stop: () => void;
};

export async function startSourceCluster(): Promise<SourceCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pitr-src-"));
  execFileSync("chmod", ["755", dir]);
  const data = path.join(dir, "data");
  const archive = path.join(dir, "archive");
  mkdirSync(archive);
  execFileSync("chown", ["-R", "postgres:postgres", dir]);
  asPg(`${BIN}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const port = await freePort();
  const conf = [
    `listen_addresses='127.0.0.1'`,
    `port=${port}`,
    `unix_socket_directories='${dir}'`,
    `wal_level=replica`,
    `archive_mode=on`,
    `archive_command='cp %p ${archive}/%f'`,
    `max_wal_senders=4`,
    `fsync=off`,
  ];
  execFileSync("sh", ["-c", `cat >> ${data}/postgresql.auto.conf`], { input: `${conf.join("\n")}\n` });
  asPg(`${BIN}/pg_ctl`, ["-D", data, "-l", path.join(dir, "log"), "-w", "start"]);
  const sql = (q: string, db = "postgres") =>
    execFileSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", db, "-XAtqc", q], {
      encoding: "utf8",
    }).trim();
  const stop = () => {
    try {
      asPg(`${BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, port, sql, stop };
}

export type TestRepo = { url: string; password: string; env: NodeJS.ProcessEnv };

/** A new restic repository (at `at`, or a temporary folder), with `password` or a random one. */
export function initRepo(at?: string, password = randomBytes(8).toString("hex")): TestRepo {
  const url = at ?? mkdtempSync(path.join(os.tmpdir(), "pitr-repo-"));
  if (!at) rmSync(url, { recursive: true });
  const env = { ...process.env, RESTIC_PASSWORD: password, RESTIC_REPOSITORY: url } as NodeJS.ProcessEnv;
  if (!existsSync(path.join(url, "config")))
    execFileSync("restic", ["init", "--repository-version", "2"], { env, stdio: "ignore" });
  return { url, password, env };
}

const tagArgs = (tags: string[]) => tags.flatMap((t) => ["--tag", t]);
/** restic's --time form (local time, to the second). */
const resticTime = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** A base backup into the repository, tagged as the stream engineer does; returns its start segment.
 * `maxRate` (pg_basebackup -r, e.g. "2M") makes it last, for a backup taken during writes. */
export function takeBaseBackup(
  c: SourceCluster,
  repo: TestRepo,
  sourceId: string,
  keepTarAs?: string,
  maxRate?: string,
): string {
  return takeBaseBackupWithEnd(c, repo, sourceId, keepTarAs, maxRate).startWal;
}

export function takeBaseBackupWithEnd(
  c: SourceCluster,
  repo: TestRepo,
  sourceId: string,
  keepTarAs?: string,
  maxRate?: string,
) {
  const tarFile = path.join(c.dir, `base-${Date.now()}.tar`);
  const startedAt = new Date().toISOString();
  execFileSync("sh", [
    "-c",
    `pg_basebackup -h 127.0.0.1 -p ${c.port} -U postgres -Ft -X none --checkpoint=fast ${maxRate ? `-r ${maxRate}` : ""} -D - > ${tarFile}`,
  ]);
  const endTime = new Date(
    Number(c.sql("select (extract(epoch from clock_timestamp()) * 1000)::bigint")),
  ).toISOString();
  const label = execFileSync("tar", ["-xOf", tarFile, "backup_label"], { encoding: "utf8" });
  const m = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(label)!;
  const startWal = m[1];
  const timeline = Number.parseInt(startWal.slice(0, 8), 16);
  const manifest = JSON.parse(execFileSync("tar", ["-xOf", tarFile, "backup_manifest"], { encoding: "utf8" }));
  const endLsn = String(manifest["WAL-Ranges"].at(-1)["End-LSN"]).toUpperCase();
  const tags = [
    "lifeboat",
    "basebackup",
    `source:${sourceId}`,
    `start-wal:${startWal}`,
    `timeline:${timeline}`,
    `end-lsn:${endLsn}`,
    `end-time:${endTime}`,
  ];
  execFileSync(
    "sh",
    // Snapshot time = the backup's start, as when the stream pipes pg_basebackup into restic.
    [
      "-c",
      `restic backup --stdin --stdin-filename base.tar --time "${resticTime(startedAt)}" ${tagArgs(tags).join(" ")} < ${tarFile}`,
    ],
    {
      env: repo.env,
      stdio: "ignore",
    },
  );
  if (keepTarAs) renameSync(tarFile, keepTarAs);
  else rmSync(tarFile);
  return { startWal, startedAt, endLsn, endTime };
}

/** Switches WAL, waits until it is archived, and ships every archived file not yet shipped as one batch
 * snapshot; returns the snapshot id and the names shipped. */
export async function shipWal(c: SourceCluster, repo: TestRepo, sourceId: string, dataDir: string, copyTo?: string) {
  const seg = c.sql("select pg_walfile_name(pg_switch_wal())");
  const archive = path.join(c.dir, "archive");
  for (let i = 0; i < 200 && !readdirSync(archive).includes(seg); i++) await new Promise((r) => setTimeout(r, 50));
  const batch = path.join(dataDir, "pitr", sourceId, "ship", `${Date.now()}`);
  mkdirSync(batch, { recursive: true });
  const names = readdirSync(archive).filter((n) => !n.endsWith(".backup"));
  for (const n of names) {
    if (copyTo) execFileSync("cp", [path.join(archive, n), path.join(copyTo, n)]);
    renameSync(path.join(archive, n), path.join(batch, n));
  }
  for (const n of readdirSync(archive)) rmSync(path.join(archive, n));
  const out = execFileSync(
    "restic",
    ["backup", "--json", ...tagArgs(["lifeboat", "wal", `source:${sourceId}`]), batch],
    {
      env: repo.env,
      encoding: "utf8",
    },
  );
  rmSync(batch, { recursive: true });
  const summary = out
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((j) => j.message_type === "summary");
  return { snapshotId: summary.snapshot_id as string, names };
}

export function forgetSnapshot(repo: TestRepo, id: string) {
  execFileSync("restic", ["forget", id], { env: repo.env, stdio: "ignore" });
}

/** One checksum per table of the public schema, from its rows in a fixed order. */
export function tableChecksums(sql: (q: string) => string | null): Record<string, string> {
  const tables = (
    sql("select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname='public'") ?? ""
  )
    .split(",")
    .filter(Boolean);
  return Object.fromEntries(
    tables.map((t) => [
      t,
      sql(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x`) ?? "",
    ]),
  );
}
