/* Unit tests for the argument and environment builder: secrets only in env, allowlist enforced. */
import { describe, expect, it } from "vitest";
import { backupArgs, buildResticEnv, formatResticTime, globalArgs, tagFilterArgs } from "./command";

const repo = {
  url: "rest:https://user:restsecret@host:8000/repo",
  password: "s3cr3t-password",
  env: { AWS_ACCESS_KEY_ID: "AKIA1", AWS_SECRET_ACCESS_KEY: "awssecret", RESTIC_PASSWORD_FILE: "/etc/evil" },
  options: ["s3.bucket-lookup=path"],
  caCertPath: "/ca.pem",
  cacheDir: "/data/cache",
};

describe("buildResticEnv", () => {
  const parentEnv = {
    PATH: "/bin",
    HOME: "/root",
    LANG: "C.UTF-8",
    TMPDIR: "/tmp",
    AWS_SECRET_ACCESS_KEY: "panel-host-secret",
    RESTIC_PASSWORD_COMMAND: "cat /etc/shadow",
    DATABASE_URL: "postgres://x",
  };
  const env = buildResticEnv(repo, { parentEnv });

  it("passes only allowlisted parent variables plus the repository's provider variables", () => {
    expect(env.PATH).toBe("/bin");
    expect(env.HOME).toBe("/root");
    expect(env.LANG).toBe("C.UTF-8");
    expect(env.TMPDIR).toBe("/tmp");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AWS_ACCESS_KEY_ID).toBe("AKIA1");
    expect(env.AWS_SECRET_ACCESS_KEY).toBe("awssecret");
  });

  it("sets the password and repository through the environment and blanks password files/commands", () => {
    expect(env.RESTIC_PASSWORD).toBe("s3cr3t-password");
    expect(env.RESTIC_REPOSITORY).toBe(repo.url);
    expect(env.RESTIC_PASSWORD_FILE).toBe("");
    expect(env.RESTIC_PASSWORD_COMMAND).toBe("");
    expect(env.RESTIC_FROM_PASSWORD_COMMAND).toBe("");
    expect(env.TZ).toBe("UTC");
  });

  it("passes the source repository of a copy as RESTIC_FROM_*", () => {
    const e = buildResticEnv(repo, { parentEnv, fromRepo: { url: "/src", password: "frompw" } });
    expect(e.RESTIC_FROM_REPOSITORY).toBe("/src");
    expect(e.RESTIC_FROM_PASSWORD).toBe("frompw");
  });
});

describe("globalArgs and backupArgs", () => {
  it("never puts a secret in argv", () => {
    const argv = [
      ...globalArgs(repo),
      ...backupArgs({ paths: ["/data"], tags: ["lifeboat", "env:1"], host: "prod" }),
    ].join(" ");
    for (const secret of ["s3cr3t-password", "restsecret", "awssecret", "AKIA1"]) expect(argv).not.toContain(secret);
    expect(argv).not.toContain(repo.url);
  });

  it("builds cache, options and CA flags", () => {
    expect(globalArgs(repo)).toEqual([
      "--cache-dir",
      "/data/cache",
      "-o",
      "s3.bucket-lookup=path",
      "--cacert",
      "/ca.pem",
    ]);
    expect(() => globalArgs({ ...repo, options: ["--evil"] })).toThrow(/key=value/);
  });

  it("passes --compression max/off, nothing for auto, and refuses anything else", () => {
    expect(globalArgs({ ...repo, compression: "max" }).slice(2, 4)).toEqual(["--compression", "max"]);
    expect(globalArgs({ ...repo, compression: "off" }).slice(2, 4)).toEqual(["--compression", "off"]);
    expect(globalArgs({ ...repo, compression: "auto" })).not.toContain("--compression");
    expect(() => globalArgs({ ...repo, compression: "fast" as "max" })).toThrow(/auto, max or off/);
  });

  it("passes a parent snapshot id with --parent before the paths, and refuses anything else", () => {
    const parent = "a".repeat(64);
    const args = backupArgs({ paths: ["/data"], tags: [], host: "prod", parent });
    expect(args.slice(args.indexOf("--parent"), args.indexOf("--parent") + 2)).toEqual(["--parent", parent]);
    expect(args.indexOf("--parent")).toBeLessThan(args.indexOf("--"));
    expect(() => backupArgs({ paths: ["/data"], tags: [], host: "prod", parent: "--exclude=/" })).toThrow(/parent/);
  });

  it("builds a paths backup with tags, host, time and excludes, paths after --", () => {
    const args = backupArgs({
      paths: ["/srv/my app", "-weird"],
      excludes: ["*.tmp"],
      tags: ["lifeboat", "source:7"],
      host: "production",
      time: new Date("2026-03-04T05:06:07Z"),
    });
    expect(args).toEqual([
      "backup",
      "--json",
      "--host",
      "production",
      "--tag",
      "lifeboat",
      "--tag",
      "source:7",
      "--time",
      "2026-03-04 05:06:07",
      "--exclude",
      "*.tmp",
      "--",
      "/srv/my app",
      "-weird",
    ]);
  });

  it("builds a stdin backup and rejects bad file names and tags", () => {
    expect(backupArgs({ stdinFilename: "db.dump", tags: [], host: "h" })).toEqual([
      "backup",
      "--json",
      "--host",
      "h",
      "--stdin",
      "--stdin-filename",
      "db.dump",
    ]);
    expect(() => backupArgs({ stdinFilename: "a/b", tags: [], host: "h" })).toThrow();
    expect(() => backupArgs({ paths: ["/x"], tags: ["a,b"], host: "h" })).toThrow(/comma/);
    expect(() => backupArgs({ paths: [], tags: [], host: "h" })).toThrow();
  });

  it("filters on all tags with one comma-joined --tag", () => {
    expect(tagFilterArgs(["lifeboat", "env:3"])).toEqual(["--tag", "lifeboat,env:3"]);
    expect(tagFilterArgs([])).toEqual([]);
  });

  it("formats --time in UTC", () => {
    expect(formatResticTime(new Date("2026-12-31T23:59:58Z"))).toBe("2026-12-31 23:59:58");
  });
});
