/* The mapping from a destination to restic's repository string, options, environment and files. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DestinationSpec } from "./config";
import { planRepo, repoForDestination } from "./repo-for-destination";

const dataDir = "/var/lib/lifeboat";
const keys = { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s3cr3t/+=" };
const s3 = (config: Record<string, unknown>): DestinationSpec => ({
  type: "s3",
  config,
  secrets: keys,
  repoPassword: "pw",
});
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n";

describe("planRepo", () => {
  it("local: absolute path, cache under the data directory", () => {
    const { repo, files } = planRepo(
      { type: "local", config: { path: "/backups/app" }, repoPassword: "pw" },
      { dataDir },
    );
    expect(repo).toEqual({ url: "/backups/app", password: "pw", cacheDir: "/var/lib/lifeboat/restic-cache" });
    expect(files).toEqual([]);
    expect(() => planRepo({ type: "local", config: { path: "relative" }, repoPassword: "pw" }, { dataDir })).toThrow(
      /absolute/,
    );
  });

  it.each([
    ["AWS", "s3.eu-central-1.amazonaws.com", "eu-central-1"],
    ["Backblaze B2", "https://s3.us-west-002.backblazeb2.com", "us-west-002"],
    ["Wasabi", "s3.eu-central-1.wasabisys.com", "eu-central-1"],
    ["DigitalOcean Spaces", "https://fra1.digitaloceanspaces.com/", "fra1"],
    ["Cloudflare R2", "https://0123456789abcdef.r2.cloudflarestorage.com", "auto"],
    ["iDrive e2", "https://x1y2.fra.idrivee2-12.com", "eu-central-1"],
    ["Oracle", "https://ns.compat.objectstorage.eu-frankfurt-1.oraclecloud.com", "eu-frankfurt-1"],
    ["MinIO", "https://minio.internal:9000", undefined],
  ])("S3-compatible %s: s3:https://endpoint/bucket/prefix, keys and region in env", (_name, endpoint, region) => {
    const { repo } = planRepo(s3({ endpoint, bucket: "my-backups", prefix: "/prod/app/", region }), { dataDir });
    const host = endpoint.replace(/^https:\/\//, "").replace(/\/$/, "");
    expect(repo.url).toBe(`s3:https://${host}/my-backups/prod/app`);
    expect(repo.env).toEqual({
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "s3cr3t/+=",
      ...(region ? { AWS_DEFAULT_REGION: region } : {}),
    });
    expect(repo.options).toEqual(region ? [`s3.region=${region}`] : []);
    // no secret ever in options (argv)
    expect(JSON.stringify(repo.options)).not.toContain("s3cr3t");
  });

  it("S3: path style, http endpoint, custom CA written under the data directory", () => {
    const { repo, files } = planRepo(
      s3({ endpoint: "http://10.0.0.5:9000", bucket: "b-1", pathStyle: true, caCert: PEM }),
      { dataDir },
    );
    expect(repo.url).toBe("s3:http://10.0.0.5:9000/b-1");
    expect(repo.options).toEqual(["s3.bucket-lookup=path"]);
    expect(repo.caCertPath).toMatch(/^\/var\/lib\/lifeboat\/destinations\/ca-[0-9a-f]{16}\.pem$/);
    expect(files).toEqual([{ path: repo.caCertPath, contents: PEM + "\n", mode: 0o644, what: expect.any(String) }]);
  });

  it("S3: rejects an endpoint with the bucket in it, and bad bucket names", () => {
    expect(() =>
      planRepo(s3({ endpoint: "https://s3.amazonaws.com/my-bucket", bucket: "my-bucket" }), { dataDir }),
    ).toThrow(/endpoint/);
    expect(() => planRepo(s3({ endpoint: "s3.amazonaws.com", bucket: "My_Bucket" }), { dataDir })).toThrow(/bucket/i);
    expect(() =>
      planRepo({ ...s3({ endpoint: "s3.amazonaws.com", bucket: "abc" }), secrets: {} }, { dataDir }),
    ).toThrow(/access key/);
  });

  it("SFTP: sftp.command with the key file, strict known_hosts, BatchMode", () => {
    const spec: DestinationSpec = {
      type: "sftp",
      config: {
        host: "backup.example.com",
        port: 2222,
        user: "lifeboat",
        path: "/srv/restic/app",
        knownHosts: "[backup.example.com]:2222 ssh-ed25519 AAAA",
      },
      secrets: { privateKey: KEY },
      repoPassword: "pw",
    };
    const { repo, files, ssh } = planRepo(spec, { dataDir });
    expect(repo.url).toBe("sftp:lifeboat@backup.example.com:/srv/restic/app");
    const keyFile = files.find((f) => f.mode === 0o600)!;
    const kh = files.find((f) => f.path.includes("known_hosts"))!;
    expect(keyFile.contents).toBe(KEY);
    expect(repo.options).toEqual([
      `sftp.command=ssh -F /dev/null -i ${keyFile.path} -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=20 ` +
        `-o ServerAliveInterval=30 -o ServerAliveCountMax=6 -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${kh.path} ` +
        `-p 2222 lifeboat@backup.example.com -s sftp`,
    ]);
    expect(ssh).toMatchObject({ port: 2222, target: "lifeboat@backup.example.com", path: "/srv/restic/app" });
    expect(JSON.stringify(repo)).not.toContain("b3BlbnNzaA"); // the key itself is only in the file
  });

  it("SFTP without known_hosts: accept-new into a per-server file; 'off' disables checking", () => {
    const base = { host: "h.example", user: "u", path: "r" };
    const a = planRepo({ type: "sftp", config: base, secrets: { privateKey: KEY }, repoPassword: "pw" }, { dataDir });
    expect(a.repo.options![0]).toContain("StrictHostKeyChecking=accept-new");
    expect(a.repo.options![0]).toContain("-p 22 ");
    expect(a.files.find((f) => f.keepExisting)).toBeTruthy();
    const off = planRepo(
      { type: "sftp", config: { ...base, hostKeyChecking: "off" }, secrets: { privateKey: KEY }, repoPassword: "pw" },
      { dataDir },
    );
    expect(off.repo.options![0]).toContain("StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null");
  });

  it("SFTP: a data directory with spaces is quoted for restic's command splitter", () => {
    const { repo } = planRepo(
      { type: "sftp", config: { host: "h", user: "u", path: "/r" }, secrets: { privateKey: KEY }, repoPassword: "pw" },
      { dataDir: "/data/life boat" },
    );
    expect(repo.options![0]).toMatch(/-i "\/data\/life boat\/destinations\/ssh-key-[0-9a-f]{16}"/);
  });

  it("REST: credentials URL-encoded into the rest: URL (restic gets it via RESTIC_REPOSITORY, not argv)", () => {
    const { repo } = planRepo(
      {
        type: "rest",
        config: { url: "https://backup.example.com:8000/app" },
        secrets: { username: "life boat", password: "p@ss:w/rd" },
        repoPassword: "pw",
      },
      { dataDir },
    );
    expect(repo.url).toBe("rest:https://life%20boat:p%40ss%3Aw%2Frd@backup.example.com:8000/app/");
    const anon = planRepo({ type: "rest", config: { url: "http://127.0.0.1:8000" }, repoPassword: "pw" }, { dataDir });
    expect(anon.repo.url).toBe("rest:http://127.0.0.1:8000/");
  });
});

describe("repoForDestination writes the files", () => {
  it("the SSH key with mode 0600, idempotently, and keeps a learned known_hosts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-unit-"));
    try {
      const spec: DestinationSpec = {
        type: "sftp",
        config: { host: "h", user: "u", path: "/r" },
        secrets: { privateKey: KEY },
        repoPassword: "pw",
      };
      const repo = repoForDestination(spec, { dataDir: dir });
      const keyPath = repo.options![0].match(/-i (\S+)/)![1];
      expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(keyPath, "utf8")).toBe(KEY);
      const kh = repo.options![0].match(/UserKnownHostsFile=(\S+)/)![1];
      fs.writeFileSync(kh, "h ssh-ed25519 LEARNED\n");
      repoForDestination(spec, { dataDir: dir });
      expect(fs.readFileSync(kh, "utf8")).toBe("h ssh-ed25519 LEARNED\n");
      expect(fs.statSync(path.join(dir, "restic-cache")).isDirectory()).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
