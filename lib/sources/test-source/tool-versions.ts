/* Reading and comparing versions of database servers and their dump tools. pg_dump can dump servers of
 * its own major version and older, never newer; mariadb-dump works best at the server's version or
 * newer, and against MySQL 8+ (not MariaDB) it may not handle every MySQL-only feature. Pure functions. */

export type DbVersion = { flavor: "postgres" | "mariadb" | "mysql"; major: number; minor: number; text: string };

/** "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 15.20 */
export function parsePgToolVersion(output: string): DbVersion | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  return m ? { flavor: "postgres", major: Number(m[1]), minor: Number(m[2] ?? 0), text: `${m[1]}.${m[2] ?? 0}` } : null;
}

/** server_version_num: 150020 → 15.20; 90624 → 9.6 (before 10 the major version had two parts). */
export function pgServerVersion(versionNum: number, text: string): DbVersion {
  if (versionNum >= 100_000) {
    return { flavor: "postgres", major: Math.floor(versionNum / 10_000), minor: versionNum % 10_000, text };
  }
  const major = Math.floor(versionNum / 10_000) + (Math.floor(versionNum / 100) % 100) / 10;
  return { flavor: "postgres", major, minor: versionNum % 100, text };
}

export function pgDumpFits(tool: DbVersion, server: DbVersion): boolean {
  return tool.major >= server.major;
}

/** SELECT VERSION(): "10.11.19-MariaDB-0+deb12u1" (MariaDB) or "8.0.36" (MySQL). */
export function parseMysqlServerVersion(v: string): DbVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m) return null;
  const flavor = /mariadb/i.test(v) ? "mariadb" : "mysql";
  return { flavor, major: Number(m[1]), minor: Number(m[2]), text: `${m[1]}.${m[2]}.${m[3] ?? 0}` };
}

/** "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, …", "mariadb-dump from 11.4.2-MariaDB, client …",
 * "mysqldump  Ver 8.0.36 for Linux" → the server release the tool belongs to. */
export function parseMysqlToolVersion(output: string): DbVersion | null {
  const m =
    /Distrib\s+(\d+)\.(\d+)\.(\d+)(-MariaDB)?/i.exec(output) ??
    /from\s+(\d+)\.(\d+)\.(\d+)(-MariaDB)?/i.exec(output) ??
    /Ver\s+(\d+)\.(\d+)\.(\d+)()/i.exec(output);
  if (!m) return null;
  const flavor = m[4] || /mariadb/i.test(output) ? "mariadb" : "mysql";
  return { flavor, major: Number(m[1]), minor: Number(m[2]), text: `${m[1]}.${m[2]}.${m[3]}` };
}

/** null when the tool fits the server; otherwise why it may not (a warning: dumps usually still work). */
export function mysqlDumpConcern(tool: DbVersion, server: DbVersion): string | null {
  if (server.flavor === "mysql" && tool.flavor === "mariadb" && server.major >= 8) {
    return `mariadb-dump ${tool.text} is dumping a MySQL ${server.text} server; MySQL-only features may not dump cleanly. Install MySQL's own client tools if a test restore shows problems.`;
  }
  const older = tool.major < server.major || (tool.major === server.major && tool.minor < server.minor);
  if (tool.flavor === server.flavor && older) {
    return `mariadb-dump ${tool.text} is older than the server (${server.text}); features newer than the tool may be missed. Install a client of version ${server.major}.${server.minor} or newer.`;
  }
  return null;
}
