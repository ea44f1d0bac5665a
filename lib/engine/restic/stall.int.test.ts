/* The stall watchdog against a real dead destination: an S3 server (s3rver over HTTPS) stopped hard in
 * the middle of a backup. restic 0.14 alone would retry for minutes; the engine must give up with
 * RepoUnreachable ("stopped responding", naming the destination) within the configured stall time plus
 * a margin, leave no snapshot behind, and the next runs against the revived server must work (check
 * too: the stale lock the interrupted restic left is cleared automatically). */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "@/test/support/servers/s3-server";
import { RepoUnreachable, backupPaths, check, configureEngine, initRepo, listSnapshots } from "../index";
import type { Repo } from "../types";
import { tempDir } from "./test-support";

const STALL_MS = 4_000;
const base = tempDir("lifeboat-stall-");
const src = path.join(base, "src");

beforeAll(() => {
  fs.mkdirSync(src);
  // Incompressible, so the upload is still running when the server dies.
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(src, `blob-${i}.bin`), crypto.randomBytes(16 << 20));
  configureEngine({ stall: { timeoutMs: STALL_MS, killGraceMs: 2_000 } });
});
afterAll(() => {
  configureEngine({ stall: { timeoutMs: 60_000, killGraceMs: 10_000 } });
  fs.rmSync(base, { recursive: true, force: true });
});

function s3Repo(s: S3TestServer, bucket: string): Repo {
  return {
    url: `s3:https://${s.endpoint}/${bucket}`,
    password: "stall test password",
    env: { AWS_ACCESS_KEY_ID: s.accessKeyId, AWS_SECRET_ACCESS_KEY: s.secretAccessKey },
    options: ["s3.bucket-lookup=path"],
    caCertPath: s.caCertPath,
    cacheDir: path.join(base, "cache"),
  };
}

describe("stall watchdog", () => {
  it("a destination that dies mid-backup ends in RepoUnreachable within the stall time, not minutes", {
    timeout: 120_000,
  }, async () => {
    const server = await startS3Server({ buckets: ["stall"] });
    let revived: S3TestServer | undefined;
    try {
      await initRepo(s3Repo(server, "stall"));
      let stoppedAt = 0;
      let stopping: Promise<void> | undefined;
      const err = await backupPaths(s3Repo(server, "stall"), {
        paths: [src],
        tags: ["dies"],
        host: "h",
        onProgress: (p) => {
          if (!stopping && p.bytesDone > 8 << 20) {
            stoppedAt = Date.now();
            stopping = server.stop({ hard: true, keepData: true });
          }
        },
      }).then(
        () => new Error("the backup succeeded although the server died"),
        (e: unknown) => e as Error,
      );
      const elapsed = Date.now() - stoppedAt;
      await stopping;
      expect(stoppedAt).toBeGreaterThan(0);
      expect(err, String(err)).toBeInstanceOf(RepoUnreachable);
      expect(err.message).toContain("stopped responding");
      expect(err.message).toContain(server.endpoint);
      expect(err.message).not.toContain(server.secretAccessKey + " ");
      // restic's first retry report comes after minio's own retries (~5-10 s); then the stall time and
      // the kill grace. Minutes (restic's ~225 s) would fail this.
      expect(elapsed).toBeLessThan(STALL_MS + 40_000);
      console.log(`RepoUnreachable ${elapsed} ms after the server stopped: ${err.message}`);

      revived = await startS3Server({ directory: server.directory });
      const again = s3Repo(revived, "stall");
      expect(await listSnapshots(again, { tags: ["dies"] })).toEqual([]);
      const small = path.join(base, "small");
      fs.mkdirSync(small);
      fs.writeFileSync(path.join(small, "after.txt"), "after the outage\n");
      const next = await backupPaths(again, { paths: [small], tags: ["after"], host: "h" });
      expect((await listSnapshots(again)).map((s) => s.id)).toEqual([next.snapshotId]);
      // The interrupted restic could not remove its lock from the dead server; its process is gone, so
      // an exclusive operation clears that stale lock itself instead of failing with RepoLocked.
      configureEngine({ lockRetry: { attempts: 1 } });
      try {
        await expect(check(again)).resolves.toMatchObject({ ok: true });
      } finally {
        configureEngine({ lockRetry: { attempts: 5 } });
      }
    } finally {
      await server.stop({ hard: true, keepData: true });
      await revived?.stop();
      fs.rmSync(server.directory, { recursive: true, force: true });
    }
  });
});
