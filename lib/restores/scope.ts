/* Which sources a restore scope covers — one rule for the Restore dialog (what it tells the user will be
 * replaced), the restore plan and runner (what it replaces) and the safety backup (what it saves first).
 * By the source's role (lib/sources/source-role.ts): "databases" are database-role sources, "files"
 * files-role sources, "config" config-role sources; "full" is everything but code, and code joins
 * "full" and "files" only when the restore asks for it (`includeCode`, off by default, like Platform.sh
 * `--no-code`). "paths" restores chosen files of folder sources, whatever their role. Plain module (no
 * server-only): the dialog imports it. */
import type { SourceRole } from "@/lib/sources/source-role";

export type ScopeName = "full" | "databases" | "files" | "config" | "paths";

export function inScope(scope: ScopeName, role: SourceRole, includeCode = false): boolean {
  if (scope === "paths") return true; // the chosen files themselves
  if (role === "code") return includeCode && (scope === "full" || scope === "files");
  if (scope === "full") return true;
  if (scope === "databases") return role === "database";
  if (scope === "files") return role === "files";
  return role === "config";
}

/** A database dump (one file restored into a database server) rather than a folder: by type. */
export const DATABASE_SOURCE_TYPES: ReadonlySet<string> = new Set(["postgres", "mysql", "sqlite", "command"]);

export function isDatabaseSource(type: string): boolean {
  return DATABASE_SOURCE_TYPES.has(type);
}

export function isFileSource(type: string): boolean {
  return type === "directory";
}
