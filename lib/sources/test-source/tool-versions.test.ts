/* Version parsing and the fit rules, on the exact strings the tools and servers print. */
import { describe, expect, it } from "vitest";
import {
  mysqlDumpConcern,
  parseMysqlServerVersion,
  parseMysqlToolVersion,
  parsePgToolVersion,
  pgDumpFits,
  pgServerVersion,
} from "./tool-versions";

describe("PostgreSQL", () => {
  it("reads pg_dump --version and server_version_num", () => {
    expect(parsePgToolVersion("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)")).toMatchObject({ major: 15 });
    expect(pgServerVersion(160004, "16.4").major).toBe(16);
    expect(pgServerVersion(90624, "9.6.24").major).toBe(9.6);
  });
  it("lets pg_dump dump its own major version and older, never newer", () => {
    const tool = parsePgToolVersion("pg_dump (PostgreSQL) 15.2")!;
    expect(pgDumpFits(tool, pgServerVersion(150020, "15.20"))).toBe(true);
    expect(pgDumpFits(tool, pgServerVersion(90624, "9.6.24"))).toBe(true);
    expect(pgDumpFits(tool, pgServerVersion(160001, "16.1"))).toBe(false);
  });
});

describe("MariaDB / MySQL", () => {
  const tool = parseMysqlToolVersion(
    "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)",
  )!;
  it("reads the tool's and the server's versions", () => {
    expect(tool).toMatchObject({ flavor: "mariadb", major: 10, minor: 11, text: "10.11.19" });
    expect(parseMysqlToolVersion("mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux")).toMatchObject({
      major: 11,
      minor: 4,
    });
    expect(parseMysqlToolVersion("mysqldump  Ver 8.0.36 for Linux on x86_64")).toMatchObject({ flavor: "mysql" });
    expect(parseMysqlServerVersion("10.11.19-MariaDB-0+deb12u1")).toMatchObject({ flavor: "mariadb", minor: 11 });
    expect(parseMysqlServerVersion("8.0.36")).toMatchObject({ flavor: "mysql", major: 8 });
  });
  it("is content with a tool of the server's version or newer, and says when it is not", () => {
    expect(mysqlDumpConcern(tool, parseMysqlServerVersion("10.11.19-MariaDB")!)).toBeNull();
    expect(mysqlDumpConcern(tool, parseMysqlServerVersion("10.6.12-MariaDB")!)).toBeNull();
    expect(mysqlDumpConcern(tool, parseMysqlServerVersion("11.4.2-MariaDB")!)).toMatch(/older than the server/);
    expect(mysqlDumpConcern(tool, parseMysqlServerVersion("8.0.36")!)).toMatch(/MySQL 8\.0\.36/);
  });
});
