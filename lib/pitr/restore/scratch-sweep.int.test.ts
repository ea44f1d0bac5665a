/* The scratch sweep: a folder left by a process that is gone (with a throwaway cluster still running in
 * it) is stopped and removed; a folder of a live process is left alone. Real PostgreSQL. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort, SCRATCH_PREFIX, sweepScratchFolders } from "./scratch-cluster";

const root = mkdtempSync(path.join(os.tmpdir(), "pitr-sweep-"));
process.env.LIFEBOAT_PITR_SCRATCH = root;
afterAll(() => execFileSync("rm", ["-rf", root]));

it("stops and removes what a killed restore left, keeps a live one's and folders it did not make", async () => {
  execFileSync("chmod", ["755", root]);
  const dead = path.join(root, `${SCRATCH_PREFIX}dead`);
  const data = path.join(dead, "data");
  mkdirSync(dead);
  execFileSync("chown", ["postgres", dead]);
  execFileSync("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/initdb", "-D", data, "-U", "postgres"], {
    stdio: "ignore",
  });
  const port = await freePort();
  execFileSync("runuser", [
    "-u",
    "postgres",
    "--",
    "/usr/lib/postgresql/15/bin/pg_ctl",
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dead} -c listen_addresses=127.0.0.1`,
    "-l",
    path.join(dead, "log"),
    "-w",
    "start",
  ]);
  // A pid that cannot be alive (beyond pid_max).
  writeFileSync(path.join(dead, "owner.pid"), "4194305");
  const live = path.join(root, `${SCRATCH_PREFIX}live`);
  mkdirSync(live);
  writeFileSync(path.join(live, "owner.pid"), String(process.ppid));
  // Someone else's folder with the same prefix but no owner.pid (another tool's cluster) is not ours.
  const foreign = path.join(root, `${SCRATCH_PREFIX}pg-foreign`);
  mkdirSync(path.join(foreign, "data"), { recursive: true });
  // An empty one is ours: its owner died between creating it and writing owner.pid.
  const empty = path.join(root, `${SCRATCH_PREFIX}empty`);
  mkdirSync(empty);
  expect((await sweepScratchFolders()).sort()).toEqual([`${SCRATCH_PREFIX}dead`, `${SCRATCH_PREFIX}empty`]);
  expect(existsSync(dead)).toBe(false);
  expect(existsSync(empty)).toBe(false);
  expect(existsSync(foreign)).toBe(true);
  expect(existsSync(live)).toBe(true);
  expect(spawnSync("pg_isready", ["-h", "127.0.0.1", "-p", String(port)]).status).toBe(2);
});
