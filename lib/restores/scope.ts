/* Which sources a restore scope covers — one rule for the Restore dialog (what it tells the user will be
 * replaced) and the restore runner (what it replaces): "databases" are PostgreSQL, MySQL/MariaDB, SQLite
 * and custom dump commands; "files" are directory sources. Plain module (no server-only): the dialog
 * imports it. */
export const DATABASE_SOURCE_TYPES: ReadonlySet<string> = new Set(["postgres", "mysql", "sqlite", "command"]);

export function isDatabaseSource(type: string): boolean {
  return DATABASE_SOURCE_TYPES.has(type);
}

export function isFileSource(type: string): boolean {
  return type === "directory";
}
