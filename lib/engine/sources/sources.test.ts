/* Pure parts of the sources: connection arguments never carry a password, URL secrets are split into
 * argv + environment, dump file names are safe, snapshot path mapping refuses escapes, output tails
 * stay bounded, and configs are checked with messages that name the source. */
import { describe, expect, it } from "vitest";
import { OutputTail, toolEnv } from "./child";
import { dumpFileName, mysqlConnection, postgresConnection } from "./database-connection";
import { snapshotPathFor } from "./directory";
import { SourceConfigInvalid } from "./errors";
import { parseSource, ZCommandSource, ZDatabaseSource } from "./types";

describe("postgresConnection", () => {
  it("puts the password in PGPASSWORD, not argv", () => {
    const c = postgresConnection({
      config: { host: "db", port: 5433, database: "shop", user: "app" },
      secrets: { password: "s3cret!" },
    });
    expect(c.args.join(" ")).not.toContain("s3cret");
    expect(c.env.PGPASSWORD).toBe("s3cret!");
    expect(c.args).toEqual(["--host=db", "--port=5433", "--username=app", "--dbname=shop", "--no-password"]);
    expect(c.database).toBe("shop");
    expect(c.env.PGSSLMODE).toBeUndefined();
  });

  it("passes sslmode to the tools as PGSSLMODE", () => {
    const c = postgresConnection({ config: { host: "db", database: "shop", sslmode: "verify-full" }, secrets: {} });
    expect(c.env.PGSSLMODE).toBe("verify-full");
    expect(c.args.join(" ")).not.toContain("sslmode");
  });

  it("strips the password out of a URL secret", () => {
    const c = postgresConnection({
      config: {},
      secrets: { url: "postgresql://app:p%40ss%2Fword@db.example:5432/shop?sslmode=require" },
    });
    expect(c.args.join(" ")).not.toContain("p%40ss");
    expect(c.args[0]).toBe("--dbname=postgresql://app@db.example:5432/shop?sslmode=require");
    expect(c.env.PGPASSWORD).toBe("p@ss/word");
    expect(c.database).toBe("shop");
  });

  it("moves a ?password=… query parameter of a URL secret into PGPASSWORD", () => {
    const c = postgresConnection({
      config: {},
      secrets: { url: "postgres://app@db.example/shop?sslmode=require&password=q%26uery-pw" },
    });
    expect(c.args.join(" ")).not.toContain("query-pw");
    expect(c.args[0]).not.toContain("password");
    expect(c.args[0]).toBe("--dbname=postgres://app@db.example/shop?sslmode=require");
    expect(c.env.PGPASSWORD).toBe("q&uery-pw");
  });
});

describe("mysqlConnection", () => {
  it("puts the password in MYSQL_PWD and reads a URL", () => {
    const c = mysqlConnection({ config: {}, secrets: { url: "mysql://root:pw%21@127.0.0.1:3307/blog" } });
    expect(c.env.MYSQL_PWD).toBe("pw!");
    expect(c.args.join(" ")).not.toContain("pw");
    expect(c.args).toContain("--port=3307");
    expect(c.database).toBe("blog");
  });
});

describe("dumpFileName", () => {
  it("keeps names safe inside the snapshot", () => {
    expect(dumpFileName("shop", "pgdump")).toBe("shop.pgdump");
    expect(dumpFileName("../etc/passwd", "sql")).toBe("_etc_passwd.sql");
    expect(dumpFileName("Redis export", "out")).toBe("Redis_export.out");
  });
});

describe("snapshotPathFor", () => {
  it("maps relative and absolute paths into the backed-up folder", () => {
    expect(snapshotPathFor("/srv/app", "uploads/a.png")).toBe("/srv/app/uploads/a.png");
    expect(snapshotPathFor("/srv/app", "/srv/app/uploads/")).toBe("/srv/app/uploads");
    expect(snapshotPathFor("/srv/app", "/uploads")).toBe("/srv/app/uploads");
  });
  it("refuses paths that leave it", () => {
    expect(() => snapshotPathFor("/srv/app", "../../etc/shadow")).toThrow(/outside/);
    expect(() => snapshotPathFor("/srv/app", "/srv/application/x")).not.toThrow(); // taken as relative
    expect(snapshotPathFor("/srv/app", "/srv/application/x")).toBe("/srv/app/srv/application/x");
  });
});

describe("OutputTail", () => {
  it("keeps only the end", () => {
    const t = new OutputTail(10);
    for (let i = 0; i < 100; i++) t.push(Buffer.from(`line ${i}\n`));
    expect(t.truncated).toBe(true);
    expect(t.text().endsWith("line 99")).toBe(true);
    expect(t.text().length).toBeLessThanOrEqual(11);
  });
});

describe("toolEnv", () => {
  it("passes an allowlist plus the caller's variables only", () => {
    process.env.LIFEBOAT_SECRET_KEY = "do-not-leak";
    const env = toolEnv({ PGPASSWORD: "x" });
    expect(env.LIFEBOAT_SECRET_KEY).toBeUndefined();
    expect(env.PGPASSWORD).toBe("x");
    expect(env.PATH).toBeTruthy();
    delete process.env.LIFEBOAT_SECRET_KEY;
  });
});

describe("config checks", () => {
  it("name the source and the problem", () => {
    expect(() =>
      parseSource(ZDatabaseSource, { id: "1", name: "Shop DB", type: "postgres", config: { host: "db" } }),
    ).toThrow(SourceConfigInvalid);
    expect(() =>
      parseSource(ZDatabaseSource, { id: "1", name: "Shop DB", type: "postgres", config: { host: "db" } }),
    ).toThrow(/"Shop DB"/);
    expect(() =>
      parseSource(ZCommandSource, {
        id: "1",
        name: "Cmd",
        type: "command",
        config: { backupCommand: "x" },
        secrets: { "BAD NAME": "v" },
      }),
    ).toThrow(SourceConfigInvalid);
  });
});
