/* One database transaction as a plain SQL runner, on either database, so the rows people see (backups,
 * jobs, schedule_runs) and the pg-boss job commit together: a slot that fired always has its backup and
 * its queued job, and one commit carries a thousand of them (commits, not queries, are what cost here).
 * Invariant: inside `fn` use only `q` — on PGlite every other query waits for this transaction. */
import "server-only";
import { dbHandle } from "@/lib/db";

export type SqlRunner = {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** Runs `fn` once the transaction committed (never when it rolled back). */
  afterCommit?(fn: () => void): void;
};

export async function inTransaction<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
  const committed: Array<() => void> = [];
  const afterCommit = (f: () => void) => void committed.push(f);
  const result = await runTransaction(fn, afterCommit);
  for (const f of committed) f();
  return result;
}

async function runTransaction<T>(fn: (q: SqlRunner) => Promise<T>, afterCommit: (f: () => void) => void): Promise<T> {
  const h = dbHandle();
  if (h.kind === "pglite") {
    return h.pglite.transaction(async (tx) =>
      fn({
        async executeSql(text, values) {
          const r = await tx.query<any>(text, values ?? []);
          return { rows: r.rows };
        },
        afterCommit,
      }),
    );
  }
  const client = await h.pool.connect();
  try {
    await client.query("begin");
    const result = await fn({ executeSql: (text, values) => client.query(text, values as unknown[]), afterCommit });
    await client.query("commit");
    return result;
  } catch (e) {
    await client.query("rollback").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
