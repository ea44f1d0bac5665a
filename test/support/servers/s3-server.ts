/* S3-compatible test server: s3rver over HTTPS on 127.0.0.1 with a throwaway self-signed certificate
 * (restic's chunked signing corrupts objects over plain HTTP with s3rver, DESIGN §7). It runs in its own
 * node process so a test can stop it hard in the middle of a backup. Credentials are s3rver's built-in
 * account (S3RVER / S3RVER); buckets are created at start (`buckets`) or on demand (`createBucket`, or
 * restic init, which creates a missing bucket). */
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { startServerProcess } from "./server-process";
import { makeSelfSignedCert, type TlsCert } from "./tls-cert";

export const S3RVER_ACCESS_KEY = "S3RVER";
export const S3RVER_SECRET_KEY = "S3RVER";

export type S3TestServer = {
  /** https://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT, the form a destination's `endpoint` takes. */
  endpoint: string;
  port: number;
  caCertPem: string;
  caCertPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where s3rver keeps buckets on disk (kept after stop when it was passed in). */
  directory: string;
  createBucket: (name: string) => Promise<void>;
  /** Stores an object (anonymously, as s3rver allows) — e.g. foreign data in a bucket. */
  putObject: (bucket: string, key: string, body: string | Buffer) => Promise<void>;
  /** Stops the server; `hard` kills it at once (a crash, not a shutdown); `keepData` leaves the bucket
   * data for a later `startS3Server({ directory })` (the caller removes it then). */
  stop: (opts?: { hard?: boolean; keepData?: boolean }) => Promise<void>;
};

// Runs inside the child: s3rver on the given port (0: any free one), then prints the port it got. It exits when the test process
// is gone (re-parented), so a killed test run leaves no server behind.
const RUNNER = `
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();
const S3rver = require(process.env.S3RVER_MODULE);
const fs = require("fs");
const buckets = JSON.parse(process.env.S3RVER_BUCKETS || "[]");
new S3rver({
  address: "127.0.0.1", port: Number(process.env.S3RVER_PORT || 0), silent: true,
  directory: process.env.S3RVER_DIR,
  key: fs.readFileSync(process.env.S3RVER_KEY), cert: fs.readFileSync(process.env.S3RVER_CERT),
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
}).run().then((a) => console.log("S3RVER_LISTENING " + a.port), (e) => { console.error(e); process.exit(1); });
`;

/** `directory`: reuse the bucket data of an earlier (stopped) server — it is then kept on stop. `port` and
 * `cert` (kept by the caller): the same address and certificate again, as a server coming back does. */
export async function startS3Server(
  opts: { buckets?: string[]; directory?: string; timeoutMs?: number; port?: number; cert?: TlsCert } = {},
): Promise<S3TestServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-s3-"));
  const cert = opts.cert ?? makeSelfSignedCert(path.join(root, "tls"));
  const ownData = !opts.directory;
  const directory = opts.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), "lbt-s3-data-"));
  fs.mkdirSync(directory, { recursive: true });
  const requireHere = createRequire(import.meta.url);
  const proc = await startServerProcess("s3rver", process.execPath, ["-e", RUNNER], /S3RVER_LISTENING (\d+)/, {
    timeoutMs: opts.timeoutMs ?? 20_000,
    env: {
      ...process.env,
      S3RVER_MODULE: requireHere.resolve("s3rver"),
      S3RVER_DIR: directory,
      S3RVER_KEY: cert.keyPath,
      S3RVER_CERT: cert.certPath,
      S3RVER_BUCKETS: JSON.stringify(opts.buckets ?? []),
      S3RVER_PORT: String(opts.port ?? 0),
    },
  });
  const port = Number(proc.match[1]);
  const url = `https://127.0.0.1:${port}`;

  function put(urlPath: string, body: string | Buffer | undefined, what: string): Promise<void> {
    // s3rver accepts anonymous requests: PUT /bucket creates a bucket, PUT /bucket/key an object.
    return new Promise<void>((resolve, reject) => {
      const req = https.request(`${url}${urlPath}`, { method: "PUT", ca: cert.certPem }, (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode && res.statusCode < 300
            ? resolve()
            : reject(new Error(`s3rver: ${what} answered HTTP ${res.statusCode}`)),
        );
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`s3rver: ${what} timed out`)));
      req.on("error", reject);
      req.end(body);
    });
  }
  const createBucket = (name: string) => put(`/${encodeURIComponent(name)}`, undefined, `creating bucket ${name}`);
  const putObject = (bucket: string, key: string, body: string | Buffer) =>
    put(
      `/${encodeURIComponent(bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`,
      body,
      `storing ${bucket}/${key}`,
    );

  return {
    url,
    endpoint: `127.0.0.1:${port}`,
    port,
    caCertPem: cert.certPem,
    caCertPath: cert.certPath,
    accessKeyId: S3RVER_ACCESS_KEY,
    secretAccessKey: S3RVER_SECRET_KEY,
    directory,
    createBucket,
    putObject,
    stop: async ({ hard = false, keepData = false } = {}) => {
      await proc.stop(hard ? "SIGKILL" : "SIGTERM");
      fs.rmSync(root, { recursive: true, force: true });
      if (ownData && !keepData) fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
