/* The source form's browser check: an empty submit names every required field at once (the server's
 * connection-field rule included), a stored URL stands in for the fields, and switching type moves
 * only the defaults. */
import { describe, expect, it } from "vitest";
import { sourceFormErrors } from "./source-checks";
import { bodyFromValues, withTypeDefaults } from "./source-input";

describe("sourceFormErrors", () => {
  it("flags name, database and user of an empty PostgreSQL source at once", () => {
    const values = withTypeDefaults({ name: "" }, null, "postgres");
    const errors = sourceFormErrors(bodyFromValues("postgres", values));
    expect(errors).toEqual({
      name: "Enter a name",
      "config.database": "Enter the database name",
      "config.user": "Enter the user name",
    });
  });

  it("flags host too when it was cleared", () => {
    const errors = sourceFormErrors(bodyFromValues("mysql", { name: "" }));
    expect(Object.keys(errors).sort()).toEqual(["config.database", "config.host", "config.user", "name"]);
  });

  it("words a missing path or command like an empty one", () => {
    expect(sourceFormErrors(bodyFromValues("directory", { name: "" }))).toEqual({
      name: "Enter a name",
      "config.path": "Enter a path",
    });
    expect(sourceFormErrors(bodyFromValues("command", { name: "x" }))).toEqual({
      "config.backupCommand": "Enter the command that writes the backup to stdout",
    });
  });

  it("accepts a stored connection URL instead of the fields when editing", () => {
    const body = bodyFromValues("postgres", { name: "db" });
    expect(Object.keys(sourceFormErrors(body))).toEqual(["config.host", "config.database", "config.user"]);
    expect(sourceFormErrors(body, ["url"])).toEqual({});
  });

  it("is empty for a complete source", () => {
    const values = { ...withTypeDefaults({ name: "db" }, null, "postgres"), "config.database": "app" };
    expect(sourceFormErrors(bodyFromValues("postgres", { ...values, "config.user": "app" }))).toEqual({});
  });
});

describe("withTypeDefaults", () => {
  it("swaps an untouched default port and keeps what was typed", () => {
    const pg = withTypeDefaults({ name: "a" }, null, "postgres");
    expect(pg).toMatchObject({ "config.host": "127.0.0.1", "config.port": "5432" });
    expect(withTypeDefaults(pg, "postgres", "mysql")).toMatchObject({ "config.port": "3306" });
    const typed = { ...pg, "config.port": "6543", "config.host": "db.internal" };
    expect(withTypeDefaults(typed, "postgres", "mysql")).toMatchObject({
      "config.port": "6543",
      "config.host": "db.internal",
    });
    expect(withTypeDefaults(pg, "postgres", "directory")["config.port"]).toBeUndefined();
  });
});
