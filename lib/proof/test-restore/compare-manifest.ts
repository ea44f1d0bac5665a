/* The checks of a test restore that compare a restored copy with what was recorded when its snapshot
 * was made (backup_snapshots.manifest): every table and its exact row count, a folder's file count and
 * total bytes, a folder's required paths, and the smoke queries' expectations. Pure functions, each
 * returning one ZCheckResult in words a user reads; whoever wrote the manifest (the backup's
 * verification) does not matter here. No I/O. */
import type { TCheckResult, TSmokeQuery, TSnapshotManifest, TTableCount } from "@/lib/proof/schema";

export type RestoredTable = { schema: string | null; name: string; rows: number };
export type FolderStats = { fileCount: number; totalBytes: number };

export const NO_MANIFEST_MESSAGE = "no manifest recorded — row counts not compared";

function tableKey(engine: string, t: { schema: string | null; name: string }): string {
  // MariaDB's schema is the database itself, which is the scratch database here: compare by name.
  return engine === "postgres" && t.schema ? `${t.schema}.${t.name}` : t.name;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** Tables and exact row counts of the restored database against the manifest. A missing manifest is a
 * warning (old backups); a missing or extra table, or a different count, fails and names the table. */
export function compareTables(manifest: TSnapshotManifest | null | undefined, restored: RestoredTable[]): TCheckResult {
  const name = "Tables and row counts match the backup";
  if (!manifest)
    return {
      name,
      status: "warning",
      message: `${plural(restored.length, "table")} restored; ${NO_MANIFEST_MESSAGE}.`,
    };
  if (manifest.kind !== "database")
    return { name, status: "warning", message: "The recorded manifest is not a database's." };
  const engine = manifest.engine;
  const got = new Map(restored.map((t) => [tableKey(engine, t), t.rows]));
  const want = new Map(manifest.tables.map((t: TTableCount) => [tableKey(engine, t), t]));
  const problems: string[] = [];
  let approximate = 0;
  for (const [key, t] of want) {
    const rows = got.get(key);
    if (rows === undefined) problems.push(`table ${key} is missing`);
    else if (rows !== t.rows) {
      if (t.exact)
        problems.push(`table ${key} has ${plural(rows, "row")}, the backup recorded ${t.rows.toLocaleString("en")}`);
      else approximate++;
    }
  }
  for (const key of got.keys()) if (!want.has(key)) problems.push(`table ${key} was not in the backup's manifest`);
  if (problems.length)
    return {
      name,
      status: "failed",
      message: `${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}.`,
    };
  const total = [...got.values()].reduce((a, b) => a + b, 0);
  const base = `${plural(want.size, "table")}, ${plural(total, "row")}, as recorded`;
  if (approximate)
    return {
      name,
      status: "warning",
      message: `${base}; ${plural(approximate, "table")} differ from an approximate count (not taken in the dump's own view).`,
    };
  return { name, status: "passed", message: `${base}.` };
}

/** A restored folder's file count and bytes against the manifest. */
export function compareFolder(manifest: TSnapshotManifest | null | undefined, stats: FolderStats): TCheckResult {
  const name = "Files and bytes match the backup";
  const seen = `${plural(stats.fileCount, "file")}, ${stats.totalBytes.toLocaleString("en")} bytes restored`;
  if (!manifest)
    return { name, status: "warning", message: `${seen}; no manifest recorded — file count and size not compared.` };
  if (manifest.kind !== "directory")
    return { name, status: "warning", message: "The recorded manifest is not a folder's." };
  const problems: string[] = [];
  if (manifest.fileCount !== stats.fileCount)
    problems.push(
      `${plural(stats.fileCount, "file")} restored, the backup recorded ${manifest.fileCount.toLocaleString("en")}`,
    );
  if (manifest.totalBytes !== stats.totalBytes)
    problems.push(
      `${stats.totalBytes.toLocaleString("en")} bytes restored, the backup recorded ${manifest.totalBytes.toLocaleString("en")}`,
    );
  if (problems.length) return { name, status: "failed", message: `${problems.join("; ")}.` };
  return { name, status: "passed", message: `${seen}, as recorded.` };
}

/** Required paths (relative to the folder) that the restored copy lacks. */
export function requiredPathsCheck(required: string[], missing: string[]): TCheckResult {
  const name = "Required paths exist";
  if (missing.length)
    return { name, status: "failed", message: `Missing from the restored copy: ${missing.join(", ")}.` };
  return { name, status: "passed", message: `${required.join(", ")} ${required.length === 1 ? "is" : "are"} present.` };
}

/** A smoke query's result (its first column of its first row; null for no rows) against `expect`. */
export function smokeQueryCheck(q: TSmokeQuery, value: string | null): TCheckResult {
  const name = `Smoke query: ${q.sql.length > 60 ? `${q.sql.slice(0, 57)}…` : q.sql}`;
  const n = value === null || value === "" ? 0 : Number(value);
  const zero = n === 0;
  const ok = q.expect === "zero" ? zero : !zero;
  const got = value === null ? "no rows" : `${value}`;
  return {
    name,
    status: ok ? "passed" : "failed",
    message: ok
      ? `Returned ${got} (expected ${q.expect === "zero" ? "zero" : "more than zero"}).`
      : `Returned ${got}, expected ${q.expect === "zero" ? "zero" : "more than zero"}.`,
  };
}
