/* pg-boss's `db` option for embedded PGlite. Owns only the translation of pg-boss's SQL calls onto the
 * one PGlite session; it must not open or close the PGlite instance (lib/db owns it).
 * Invariant: a multi-statement script (pg-boss wraps migrations and maintenance in BEGIN … COMMIT) runs
 * inside `pglite.transaction()`, so a failing script rolls back instead of leaving PGlite's only session
 * stuck in an aborted transaction that would poison every later query of the panel. */
import type { PGlite } from "@electric-sql/pglite";

export type BossDb = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount?: number }> };

const WRAPPED = /^\s*BEGIN\s*;([\s\S]*?)COMMIT\s*;?\s*$/i;

function hasSeveralStatements(text: string): boolean {
  const trimmed = text.trim().replace(/;\s*$/, "");
  // pg-boss's multi-statement scripts separate statements with ";\n"; function bodies ($$ … $$) only
  // appear inside BEGIN … COMMIT scripts, which take the other branch.
  return /;\s*\n/.test(trimmed);
}

export function pgliteBossDb(pglite: PGlite): BossDb {
  return {
    async executeSql(text, values) {
      const wrapped = WRAPPED.exec(text);
      if (wrapped && !(values && values.length)) {
        const inner = wrapped[1]!;
        const results = await pglite.transaction(async (tx) => tx.exec(inner));
        const last = results[results.length - 1];
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
      }
      if (!(values && values.length) && hasSeveralStatements(text)) {
        const results = await pglite.transaction(async (tx) => tx.exec(text));
        const last = results[results.length - 1];
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
      }
      const r = await pglite.query<any>(text, values ?? []);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
  };
}
