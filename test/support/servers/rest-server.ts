/* REST test server: `rclone serve restic` on 127.0.0.1, port chosen by rclone (it logs the address), over
 * plain HTTP or, with `tls`, HTTPS with a throwaway self-signed certificate; optionally with basic auth
 * through an htpasswd file made here (apr1 via openssl). */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServerProcess } from "./server-process";
import { makeSelfSignedCert } from "./tls-cert";

export type RestTestServer = {
  /** http(s)://127.0.0.1:PORT/ (no credentials in it) */
  url: string;
  /** with `tls`: the PEM to trust */
  caCertPem?: string;
  port: number;
  /** Where rclone stores the repositories. */
  directory: string;
  user?: string;
  password?: string;
  stop: () => Promise<void>;
};

export async function startRestServer(
  opts: { user?: string; password?: string; tls?: boolean; timeoutMs?: number } = {},
): Promise<RestTestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-rest-"));
  const directory = path.join(dir, "data");
  fs.mkdirSync(directory);
  const args = ["serve", "restic", "--addr", "127.0.0.1:0", "--config", "/dev/null"];
  if (opts.user && opts.password) {
    const hash = execFileSync("openssl", ["passwd", "-apr1", "-stdin"], { input: opts.password }).toString().trim();
    const htpasswd = path.join(dir, "htpasswd");
    fs.writeFileSync(htpasswd, `${opts.user}:${hash}\n`);
    args.push("--htpasswd", htpasswd);
  }
  let caCertPem: string | undefined;
  if (opts.tls) {
    const cert = makeSelfSignedCert(path.join(dir, "tls"));
    args.push("--cert", cert.certPath, "--key", cert.keyPath);
    caCertPem = cert.certPem;
  }
  args.push(directory);
  const proc = await startServerProcess(
    "rclone serve restic",
    "rclone",
    args,
    /Serving restic REST API on https?:\/\/127\.0\.0\.1:(\d+)/,
    {
      timeoutMs: opts.timeoutMs ?? 15_000,
    },
  );
  const port = Number(proc.match[1]);
  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}/`,
    caCertPem,
    port,
    directory,
    user: opts.user,
    password: opts.password,
    stop: async () => {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
