/* verifyDestination tells each failure apart, with a message naming the host/bucket/folder, against real
 * servers and real restic: wrong password, missing bucket, refused S3 key, refused SSH key, changed SSH
 * host key, refused REST password, unknown host, untrusted TLS certificate, a location holding other
 * files, a closed port. And the S3 server dying mid-backup ends in a typed error with no snapshot that
 * claims success. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthRefused,
  backupPaths,
  check,
  configureEngine,
  listSnapshots,
  PartialBackup,
  RepoUnreachable,
  ResticError,
} from "@/lib/engine/index";
import { freePort } from "@/test/support/servers/server-process";
import { startRestServer, type RestTestServer } from "@/test/support/servers/rest-server";
import { startS3Server, type S3TestServer } from "@/test/support/servers/s3-server";
import { startSftpServer, type SftpTestServer } from "@/test/support/servers/sftp-server";
import type { DestinationSpec } from "./config";
import { repoForDestination } from "./repo-for-destination";
import { verifyDestination } from "./verify-destination";

const made: string[] = [];
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  made.push(d);
  return d;
};
const PASSWORD = "the right password";

let s3: S3TestServer;
let sftp: SftpTestServer;
let rest: RestTestServer;
let dataDir: string;

beforeAll(async () => {
  [s3, sftp, rest] = await Promise.all([
    startS3Server({ buckets: ["present"] }),
    startSftpServer(),
    startRestServer({ user: "lifeboat", password: "s3cret" }),
  ]);
  dataDir = tmp("lbt-data-");
});
afterAll(async () => {
  await Promise.all([s3?.stop(), sftp?.stop(), rest?.stop()]);
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function s3Spec(
  over: Record<string, unknown> = {},
  secrets: Record<string, string> = {},
  repoPassword = PASSWORD,
): DestinationSpec {
  return {
    type: "s3",
    config: { endpoint: `https://${s3.endpoint}`, bucket: "present", pathStyle: true, caCert: s3.caCertPem, ...over },
    secrets: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...secrets },
    repoPassword,
  };
}
function sftpSpec(over: Record<string, unknown> = {}, privateKey = sftp.privateKey): DestinationSpec {
  return {
    type: "sftp",
    config: {
      host: sftp.host,
      port: sftp.port,
      user: sftp.user,
      path: path.join(sftp.rootDir, "r"),
      knownHosts: sftp.knownHosts,
      ...over,
    },
    secrets: { privateKey },
    repoPassword: PASSWORD,
  };
}
const fails = async (spec: DestinationSpec, init = false) => {
  const r = await verifyDestination(spec, { dataDir, init });
  if (r.ok) throw new Error(`expected a problem, got ${JSON.stringify(r)}`);
  return r;
};

describe("verifyDestination tells problems apart", () => {
  it("wrong repository password (local folder and S3)", async () => {
    const local: DestinationSpec = {
      type: "local",
      config: { path: path.join(tmp("lbt-l-"), "repo") },
      repoPassword: PASSWORD,
    };
    expect(await verifyDestination(local, { dataDir, init: true })).toMatchObject({ ok: true, created: true });
    const r = await fails({ ...local, repoPassword: "not it" }, true);
    expect(r.problem).toBe("wrong_password");
    expect(r.message).toContain(String(local.config.path));

    const spec = s3Spec({ prefix: "pw" });
    expect(await verifyDestination(spec, { dataDir, init: true })).toMatchObject({ ok: true, created: true });
    const r2 = await fails({ ...spec, repoPassword: "not it" });
    expect(r2.problem).toBe("wrong_password");
    expect(r2.message).toMatch(/bucket "present"/i);
  });

  it("missing bucket (also with init: a bucket is never created behind the user's back)", async () => {
    const r = await fails(s3Spec({ bucket: "absent-bucket" }), true);
    expect(r.problem).toBe("bucket_missing");
    expect(r.message).toContain('"absent-bucket"');
    expect(r.message).toContain(s3.endpoint);
  });

  it("S3 access key refused", async () => {
    const r = await fails(s3Spec({}, { accessKeyId: "NOT-A-KEY" }), true);
    expect(r.problem).toBe("auth");
    expect(r.message).toMatch(/refused the access key for bucket "present"/);
    expect(r.message).not.toContain(s3.secretAccessKey + " "); // no secrets echoed
  });

  it("unknown host (S3 endpoint and SFTP host)", async () => {
    const r = await fails(s3Spec({ endpoint: "https://lifeboat-no-such-host.invalid" }));
    expect(r.problem).toBe("dns");
    expect(r.message).toContain('"lifeboat-no-such-host.invalid"');
    const r2 = await fails(sftpSpec({ host: "lifeboat-no-such-host.invalid" }));
    expect(r2.problem).toBe("dns");
  });

  it("TLS certificate not trusted without the CA", async () => {
    const r = await fails(s3Spec({ caCert: undefined }), true);
    expect(r.problem).toBe("tls");
    expect(r.message).toContain(s3.endpoint);
    expect(r.message).toMatch(/CA certificate/);
  });

  it("a location with other files but no repository (local folder, S3 prefix, SFTP folder)", async () => {
    const dir = tmp("lbt-foreign-");
    fs.writeFileSync(path.join(dir, "invoice.pdf"), "not a backup");
    const r = await fails({ type: "local", config: { path: dir }, repoPassword: PASSWORD }, true);
    expect(r.problem).toBe("not_a_repository");
    expect(r.message).toContain(dir);
    expect(fs.readdirSync(dir)).toEqual(["invoice.pdf"]); // nothing was initialised into it

    await s3.putObject("present", "photos/cat.jpg", "meow");
    const r2 = await fails(s3Spec({ prefix: "photos" }), true);
    expect(r2.problem).toBe("not_a_repository");

    const sdir = path.join(sftp.rootDir, "foreign");
    fs.mkdirSync(sdir);
    fs.writeFileSync(path.join(sdir, "notes.txt"), "x");
    const r3 = await fails(sftpSpec({ path: sdir }), true);
    expect(r3.problem).toBe("not_a_repository");
  });

  it("SSH key refused, SSH host key changed, REST password refused", async () => {
    const otherKeyDir = tmp("lbt-key-");
    const { execFileSync } = await import("node:child_process");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(otherKeyDir, "k")]);
    const r = await fails(sftpSpec({}, fs.readFileSync(path.join(otherKeyDir, "k"), "utf8")));
    expect(r.problem).toBe("auth");
    expect(r.message).toContain(`${sftp.user}@${sftp.host}`);

    const wrongHostKey = `[127.0.0.1]:${sftp.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`;
    const r2 = await fails(sftpSpec({ knownHosts: wrongHostKey }));
    expect(r2.problem, r2.message).toBe("tls");
    expect(r2.message).toMatch(/host key/);

    const r3 = await fails({
      type: "rest",
      config: { url: `${rest.url}x` },
      secrets: { username: "lifeboat", password: "wrong" },
      repoPassword: PASSWORD,
    });
    expect(r3.problem).toBe("auth");
  });

  it("REST over HTTPS: trusted with its CA, tls problem without it", async () => {
    const secure = await startRestServer({ tls: true });
    try {
      const spec: DestinationSpec = {
        type: "rest",
        config: { url: `${secure.url}app`, caCert: secure.caCertPem },
        repoPassword: PASSWORD,
      };
      expect(await verifyDestination(spec, { dataDir, init: true })).toMatchObject({ ok: true, created: true });
      const r = await fails({ ...spec, config: { url: `${secure.url}app` } });
      expect(r.problem).toBe("tls");
      expect(r.message).toContain(`127.0.0.1:${secure.port}`);
    } finally {
      await secure.stop();
    }
  });

  it("SFTP without known_hosts: the first host key is remembered, a different one is refused later", async () => {
    const spec = sftpSpec({ knownHosts: undefined, path: path.join(sftp.rootDir, "tofu") });
    const own = tmp("lbt-tofu-");
    expect(await verifyDestination(spec, { dataDir: own, init: true })).toMatchObject({ ok: true, created: true });
    const repo = repoForDestination(spec, { dataDir: own });
    const kh = repo.options![0].match(/UserKnownHostsFile=(\S+)/)![1];
    const learned = fs.readFileSync(kh, "utf8");
    expect(learned).toContain(sftp.knownHosts.trim().split(" ").slice(1).join(" "));
    // Another server answering on that address later (simulated: a different key recorded for it).
    fs.writeFileSync(
      kh,
      `[127.0.0.1]:${sftp.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`,
    );
    const r = await verifyDestination(spec, { dataDir: own });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, problem: "tls" });
  });

  it("nothing listening on the port", async () => {
    const port = await freePort();
    const r = await fails(s3Spec({ endpoint: `https://127.0.0.1:${port}` }));
    expect(r.problem).toBe("unreachable");
    expect(r.message).toContain(`127.0.0.1:${port}`);
    const r2 = await fails(sftpSpec({ port }));
    expect(r2.problem).toBe("unreachable");
  });

  it("the engine's typed errors come through the same Repo (refused key → AuthRefused)", async () => {
    const repo = repoForDestination(s3Spec({ prefix: "pw" }, { accessKeyId: "NOT-A-KEY" }), { dataDir });
    await expect(listSnapshots(repo)).rejects.toBeInstanceOf(AuthRefused);
  });
});

describe("S3 server stopped mid-backup", () => {
  it("ends in a typed error, and no snapshot claims success", { timeout: 420_000 }, async () => {
    const server = await startS3Server({ buckets: ["mid"] });
    let restarted: S3TestServer | undefined;
    const src = tmp("lbt-big-");
    try {
      // Incompressible data, enough that the upload is still running when the server dies.
      for (let i = 0; i < 6; i++)
        fs.writeFileSync(path.join(src, `blob-${i}.bin`), crypto.randomBytes(24 * 1024 * 1024));
      const spec = (srv: S3TestServer): DestinationSpec => ({
        type: "s3",
        config: { endpoint: srv.endpoint, bucket: "mid", pathStyle: true, caCert: srv.caCertPem },
        secrets: { accessKeyId: srv.accessKeyId, secretAccessKey: srv.secretAccessKey },
        repoPassword: PASSWORD,
      });
      expect(await verifyDestination(spec(server), { dataDir, init: true })).toMatchObject({ ok: true, created: true });
      // restic 0.14 retries a dead backend for minutes: each of its 10 tries waits out minio's own
      // retries (default ~10). One minio retry keeps the test near 3 minutes instead of 6; restic's
      // behaviour (retry, then fail without a snapshot) is the same.
      const base = repoForDestination(spec(server), { dataDir });
      const repo = { ...base, options: [...(base.options ?? []), "s3.retries=1"] };

      let stopping: Promise<void> | undefined;
      let doneAtStop = 0;
      const backup = backupPaths(repo, {
        paths: [src],
        tags: ["mid-backup"],
        host: "prod",
        onProgress: (p) => {
          if (!stopping && p.bytesDone > 8 * 1024 * 1024) {
            doneAtStop = p.bytesDone;
            stopping = server.stop({ hard: true, keepData: true });
          }
        },
      });
      const err = await backup.then(
        () => new Error("the backup succeeded although the server died"),
        (e: unknown) => e,
      );
      await stopping;
      expect(doneAtStop).toBeGreaterThan(0);
      expect(doneAtStop).toBeLessThan(6 * 24 * 1024 * 1024);
      expect(err).toBeInstanceOf(ResticError);
      expect(err).not.toBeInstanceOf(PartialBackup);
      expect(err, String(err)).toBeInstanceOf(RepoUnreachable);

      // The same bucket data behind a new server: no snapshot of that backup exists.
      restarted = await startS3Server({ directory: server.directory });
      const again = repoForDestination(spec(restarted), { dataDir });
      expect(await listSnapshots(again, { tags: ["mid-backup"] })).toEqual([]);
      // …and the repository is healthy: the next backup works and check passes.
      const small = tmp("lbt-small-");
      fs.writeFileSync(path.join(small, "after.txt"), "after the outage\n");
      const next = await backupPaths(again, { paths: [small], tags: ["after-outage"], host: "prod" });
      expect((await listSnapshots(again)).map((s) => s.id)).toEqual([next.snapshotId]);
      // The dead run could not remove its lock; its process is gone, so the engine clears that stale lock
      // itself (plain `restic unlock`) before an exclusive operation — no waiting, no manual unlock.
      configureEngine({ lockRetry: { attempts: 1 } }); // no waiting for a lock that will not go away
      try {
        await check(again);
      } finally {
        configureEngine({ lockRetry: { attempts: 5 } });
      }
    } finally {
      await server.stop({ hard: true, keepData: true });
      await restarted?.stop();
      fs.rmSync(server.directory, { recursive: true, force: true });
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
