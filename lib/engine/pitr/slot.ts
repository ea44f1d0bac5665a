/* The replication slot of a source on the user's server: its state (how much WAL it holds back, whether
 * PostgreSQL declared it lost) and dropping it (terminating the WAL sender that uses it first — a role
 * may end its own backends — so turning PITR off never leaves a slot that fills the user's disk). */
import type { ToolConnection } from "../sources/database-connection";
import { psqlRows } from "./pg-tools";

export type SlotState = {
  exists: boolean;
  active: boolean;
  /** 'reserved' | 'extended' | 'unreserved' | 'lost' (PostgreSQL 13+) */
  walStatus: string | null;
  /** Bytes of WAL the slot keeps on the server (current LSN − restart_lsn). */
  retainedBytes: number | null;
  restartLsn: string | null;
};

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function slotState(conn: ToolConnection, slot: string): Promise<SlotState> {
  const rows = await psqlRows(
    conn,
    `select active, wal_status, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, restart_lsn
       from pg_replication_slots where slot_name = ${literal(slot)}`,
  );
  if (!rows.length) return { exists: false, active: false, walStatus: null, retainedBytes: null, restartLsn: null };
  const [active, walStatus, retained, restartLsn] = rows[0];
  return {
    exists: true,
    active: active === "t",
    walStatus: walStatus || null,
    retainedBytes: retained === "" ? null : Number(retained),
    restartLsn: restartLsn || null,
  };
}

/** Drops the slot if it exists (ends the WAL sender holding it first). True when a slot was dropped. */
export async function dropSlot(conn: ToolConnection, slot: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const rows = await psqlRows(
      conn,
      `select active_pid, (select pg_terminate_backend(active_pid) where active_pid is not null)
         from pg_replication_slots where slot_name = ${literal(slot)}`,
    );
    if (!rows.length) return false;
    if (rows[0][0] === "") {
      try {
        await psqlRows(conn, `select pg_drop_replication_slot(${literal(slot)})`);
        return true;
      } catch (e) {
        // Dropped by someone else meanwhile (the stream's holder): done.
        if (/does not exist/.test(String((e as Error).message))) return false;
        // Became active again between the two statements (a receiver restarting): go round once more.
        if (!/is active/.test(String((e as Error).message))) throw e;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The replication slot ${slot} stays in use; stop the WAL stream and try again.`);
}

/** Current WAL position and timeline of the server (for tests and the RPO benchmark). */
export async function currentWal(conn: ToolConnection): Promise<{ lsn: string; timeline: number }> {
  const [[lsn, tli]] = await psqlRows(
    conn,
    "select pg_current_wal_lsn(), (select timeline_id from pg_control_checkpoint())",
  );
  return { lsn, timeline: Number(tli) };
}
