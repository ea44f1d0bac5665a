/* Step 3 of a restore to a time: from the recovered throwaway cluster into the target. A database:
 * `pg_dump -Fc` piped into `pg_restore --clean --if-exists --no-owner --single-transaction` (all or
 * nothing, as every database restore). One table: in the throwaway cluster copied into the new name
 * (data and column defaults; no indexes or constraints, whose names would collide), then only that table
 * dumped and restored without --clean, so nothing else in the target is touched; refused when the
 * target already has a table of that name. */
import { spawn } from "node:child_process";
import path from "node:path";
import type { postgresToolConnection } from "@/lib/engine";
import { asPostgres, runOk } from "./proc";
import { query, type ScratchCluster } from "./scratch-cluster";

export type ToolConnection = ReturnType<typeof postgresToolConnection>;

/** PATH and the connection variables only: no stray PG… settings of this process reach the tools. */
const toolEnv = (extra: Record<string, string>) =>
  ({ PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", ...extra }) as unknown as NodeJS.ProcessEnv;

function dumpArgs(c: ScratchCluster, db: string, user: string, extra: string[] = []) {
  return asPostgres(path.join(c.bin, "pg_dump"), [
    "-h",
    c.socketDir,
    "-p",
    String(c.port),
    "-U",
    user,
    "-d",
    db,
    "--format=custom",
    "--compress=0",
    ...extra,
  ]);
}

/** `pg_dump … | pg_restore …`; fails with the failing side's stderr. */
async function pipeDumpToRestore(dump: [string, string[]], restoreArgs: string[], target: ToolConnection) {
  const d = spawn(dump[0], dump[1], { stdio: ["ignore", "pipe", "pipe"] });
  const r = spawn("pg_restore", [...restoreArgs, ...target.args], {
    stdio: ["pipe", "ignore", "pipe"],
    env: toolEnv(target.env),
  });
  const tail = (s: NodeJS.ReadableStream) => {
    let t = "";
    s.on("data", (c) => {
      t = (t + c).slice(-2000);
    });
    return () => t.trim();
  };
  const dErr = tail(d.stderr!);
  const rErr = tail(r.stderr!);
  r.stdin!.on("error", () => undefined);
  d.stdout!.pipe(r.stdin!);
  const [dc, rc] = await Promise.all([
    new Promise<number | null>((ok) => d.on("close", ok)),
    new Promise<number | null>((ok) => r.on("close", ok)),
  ]);
  if (dc !== 0) throw new Error(`pg_dump of the recovered database failed (exit ${dc}): ${dErr()}`);
  if (rc !== 0) throw new Error(`pg_restore into the target failed (exit ${rc}): ${rErr()}`);
}

export async function copyDatabase(c: ScratchCluster, db: string, user: string, target: ToolConnection) {
  await pipeDumpToRestore(
    dumpArgs(c, db, user),
    ["--clean", "--if-exists", "--no-owner", "--single-transaction"],
    target,
  );
}

export async function copyTable(
  c: ScratchCluster,
  db: string,
  user: string,
  table: string,
  newTable: string,
  target: ToolConnection,
) {
  const exists = await runOk(
    "psql",
    [...target.args, "-XAtqc", `select to_regclass('public.${newTable}') is not null`],
    {
      env: toolEnv(target.env),
    },
  );
  if (exists.trim() === "t") throw new Error(`The target already has a table "${newTable}"; choose another name.`);
  const made = await query(
    c,
    `create table public."${newTable}" (like public."${table}" including defaults); insert into public."${newTable}" select * from public."${table}"; select count(*) from public."${newTable}"`,
    db,
    user,
  );
  if (made === null) throw new Error(`The recovered database has no table "${table}" at that time.`);
  await pipeDumpToRestore(
    dumpArgs(c, db, user, ["--table", `public."${newTable}"`]),
    ["--no-owner", "--single-transaction"],
    target,
  );
  return Number(made.split("\n").pop());
}
