/* The connection-failure classifier on the servers' real messages (PostgreSQL 15, MariaDB 10.11). */
import { describe, expect, it } from "vitest";
import { classifyMysqlError, classifyPostgresError } from "./connection-errors";

describe("classifyPostgresError", () => {
  it.each([
    ['psql: error: connection to server at "127.0.0.1", port 5999 failed: Connection refused', "reachable"],
    ['psql: error: could not translate host name "db.invalid" to address: Name or service not known', "reachable"],
    [
      'connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication failed for user "app"',
      "credentials",
    ],
    ['connection to server at "127.0.0.1", port 5432 failed: FATAL:  role "nouser" does not exist', "credentials"],
    ['connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nodb" does not exist', "database"],
  ])("%s → %s", (stderr, stage) => {
    expect(classifyPostgresError(stderr).stage).toBe(stage);
  });
  it("keeps the server's words as the reason", () => {
    expect(classifyPostgresError('psql: error: FATAL:  database "nodb" does not exist').reason).toBe(
      'FATAL:  database "nodb" does not exist',
    );
  });
});

describe("classifyMysqlError", () => {
  it.each([
    ["ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)", "reachable"],
    ["ERROR 2005 (HY000): Unknown server host 'db.invalid' (-2)", "reachable"],
    ["ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)", "credentials"],
    ["ERROR 1049 (42000): Unknown database 'nodb'", "database"],
    ["ERROR 1044 (42000): Access denied for user 'app'@'%' to database 'other'", "database"],
  ])("%s → %s", (stderr, stage) => {
    expect(classifyMysqlError(stderr).stage).toBe(stage);
  });
});
