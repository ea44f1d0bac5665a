/* The recovery kit's exact commands: flags every command needs, one restore line per source kind,
 * shell quoting, and no secret on a command line. */
import { describe, expect, it } from "vitest";
import type { DestinationSpec } from "./destinations/config";
import { recoveryKit, shq } from "./recovery-kit";
import type { SourceSpec } from "./sources/types";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const s3: DestinationSpec = {
  type: "s3",
  config: {
    endpoint: "https://minio.lan:9000",
    bucket: "backups",
    prefix: "shop",
    pathStyle: true,
    region: "eu-1",
    caCert: PEM,
  },
  secrets: { accessKeyId: "AKID", secretAccessKey: "SECRET'KEY" },
  repoPassword: "repo pw",
};
const sources: SourceSpec[] = [
  {
    id: "s-pg",
    name: "Shop DB",
    type: "postgres",
    config: { host: "db.lan", port: 5432, database: "shop", user: "app" },
    secrets: { password: "dbpw" },
  },
  {
    id: "s-my",
    name: "wiki",
    type: "mysql",
    config: { host: "127.0.0.1", port: 3306, database: "wiki", user: "root" },
  },
  { id: "s-files", name: "uploads", type: "directory", config: { path: "/srv/uploads" } },
  { id: "s-lite", name: "app db", type: "sqlite", config: { path: "/srv/app/app.db" } },
];

describe("recoveryKit", () => {
  it("S3: repository, password, provider env, CA flag and one command per source", () => {
    const kit = recoveryKit(s3, { dataDir: "/var/lib/lifeboat", sources });
    expect(kit.repository).toBe("s3:https://minio.lan:9000/backups/shop");
    expect(kit.password).toBe("repo pw");
    expect(kit.env).toEqual({
      RESTIC_REPOSITORY: "s3:https://minio.lan:9000/backups/shop",
      RESTIC_PASSWORD: "repo pw",
      AWS_ACCESS_KEY_ID: "AKID",
      AWS_SECRET_ACCESS_KEY: "SECRET'KEY",
      AWS_DEFAULT_REGION: "eu-1",
    });
    const ca = kit.files[0].path;
    const restic = `restic -r s3:https://minio.lan:9000/backups/shop -o s3.bucket-lookup=path -o s3.region=eu-1 --cacert ${ca}`;
    // The database clients' connection flags come from the sources' own helpers (lib/engine/sources).
    expect(kit.commands).toEqual([
      `${restic} snapshots`,
      "# Shop DB (postgres)",
      expect.stringMatching(
        / dump latest --tag source:s-pg \/shop\.pgdump \| pg_restore --clean --if-exists --no-owner --single-transaction .*--host=db\.lan .*--dbname=shop/,
      ),
      "# wiki (mysql)",
      expect.stringMatching(
        / dump latest --tag source:s-my \/wiki\.sql \| mariadb .*--host=127\.0\.0\.1 .*--database=wiki$/,
      ),
      "# uploads (directory)",
      `${restic} restore latest --tag source:s-files --target ./restore/uploads`,
      "# app db (sqlite)",
      `${restic} dump latest --tag source:s-lite /app.db > /srv/app/app.db.restored`,
    ]);
    for (const c of kit.commands.filter((c) => !c.startsWith("#"))) expect(c.startsWith(`${restic} `)).toBe(true);
    // secrets are in env (and the script's exports), never in a command
    for (const c of kit.commands) expect(c).not.toMatch(/SECRET|repo pw|dbpw/);
    expect(kit.script).toContain(`export AWS_SECRET_ACCESS_KEY='SECRET'\\''KEY'`);
    expect(kit.script).toContain(PEM);
  });

  it("without sources: restore the latest snapshot; files can be placed elsewhere", () => {
    const kit = recoveryKit(s3, { dataDir: "/var/lib/lifeboat", filesDir: "/root/kit" });
    expect(kit.files[0].path).toMatch(/^\/root\/kit\/ca-/);
    expect(kit.commands[1]).toMatch(/ restore latest --target \.\/restore$/);
  });

  it("REST with a password: the URL stays out of the command line", () => {
    const kit = recoveryKit(
      {
        type: "rest",
        config: { url: "https://rest.lan/app" },
        secrets: { username: "u", password: "p" },
        repoPassword: "x",
      },
      { dataDir: "/d" },
    );
    expect(kit.env.RESTIC_REPOSITORY).toBe("rest:https://u:p@rest.lan/app/");
    expect(kit.commands[0]).toBe('restic -r "$RESTIC_REPOSITORY" snapshots');
  });

  it("SFTP: the key file (0600) and the sftp.command flag", () => {
    const kit = recoveryKit(
      {
        type: "sftp",
        config: { host: "h", user: "u", path: "/r" },
        secrets: { privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----" },
        repoPassword: "x",
      },
      { dataDir: "/d" },
    );
    expect(kit.files.find((f) => f.mode === 0o600)?.contents).toContain("PRIVATE KEY");
    expect(kit.commands[0]).toMatch(
      /^restic -r sftp:u@h:\/r -o 'sftp\.command=ssh -F \/dev\/null -i \/d\/destinations\/ssh-key-\w+ .* -s sftp' snapshots$/,
    );
  });
});

describe("shq", () => {
  it("quotes only when needed", () => {
    expect(shq("/a/b-c_d.e")).toBe("/a/b-c_d.e");
    expect(shq("it's")).toBe(`'it'\\''s'`);
    expect(shq("a b")).toBe("'a b'");
  });
});
