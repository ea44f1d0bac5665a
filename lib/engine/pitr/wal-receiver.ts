/* pg_receivewal for one source: create the slot (`--create-slot --if-not-exists`), then stream with
 * `--synchronous --no-loop` into the spool folder. --synchronous flushes every write to disk before it
 * is acknowledged, so the slot only moves past WAL that is safely in the spool; --no-loop hands restarts
 * to the caller (which re-checks the lease and the config first). The process runs in its own process
 * group; `stop()` ends it with SIGTERM (pg_receivewal then flushes and exits). */
import fs from "node:fs";
import { describeExit, spawnTool, type ToolExit, type ToolProcess } from "../sources/child";
import type { ToolConnection } from "../sources/database-connection";
import { pgBinary, replicationArgs } from "./pg-tools";

export class WalReceiverFailed extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

async function runOnce(args: string[], conn: ToolConnection, what: string): Promise<void> {
  const p = spawnTool(pgBinary("pg_receivewal"), args, { label: "pg_receivewal", env: conn.env, stdout: "capture" });
  const exit = await p.exited;
  if (exit.code !== 0) throw new WalReceiverFailed(`${what}: pg_receivewal ${describeExit(exit)}`, p.output.text());
}

export function createSlot(conn: ToolConnection, slot: string): Promise<void> {
  return runOnce(
    ["--create-slot", "--if-not-exists", `--slot=${slot}`, "--no-password", ...replicationArgs(conn)],
    conn,
    `creating the replication slot ${slot}`,
  );
}

export type WalReceiver = {
  process: ToolProcess;
  exited: Promise<ToolExit>;
  stop(): Promise<ToolExit>;
};

export function startWalReceiver(conn: ToolConnection, slot: string, spoolDir: string): WalReceiver {
  fs.mkdirSync(spoolDir, { recursive: true, mode: 0o700 });
  const p = spawnTool(
    pgBinary("pg_receivewal"),
    [
      `--directory=${spoolDir}`,
      `--slot=${slot}`,
      "--synchronous",
      "--no-loop",
      "--no-password",
      "--status-interval=5",
      "--verbose",
      ...replicationArgs(conn),
    ],
    { label: "pg_receivewal", env: conn.env, stdout: "capture", outputLimit: 8192 },
  );
  return {
    process: p,
    exited: p.exited,
    async stop() {
      p.kill("SIGTERM", 5000);
      return p.exited;
    },
  };
}
