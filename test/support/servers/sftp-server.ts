/* SFTP test server: Debian's openssh-server run in the foreground (`sshd -D -e`) with its own config in a
 * temp dir: a generated host key, a generated ed25519 user key authorized for root (this machine runs the
 * tests as root), key-only auth, internal-sftp, 127.0.0.1 on a free port. Non-interactive throughout. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startServerProcess } from "./server-process";

export type SftpTestServer = {
  host: string;
  port: number;
  /** sftp://root@127.0.0.1:PORT */
  url: string;
  user: string;
  /** OpenSSH private key of a user authorized on the server. */
  privateKey: string;
  /** A known_hosts line for the server's host key ("[127.0.0.1]:PORT ssh-ed25519 AAAA…"). */
  knownHosts: string;
  /** A scratch directory on the server (same machine) for repositories. */
  rootDir: string;
  stop: () => Promise<void>;
};

function keygen(file: string): void {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "lifeboat-test", "-f", file], { stdio: "pipe" });
}

export async function startSftpServer(opts: { timeoutMs?: number } = {}): Promise<SftpTestServer> {
  const sshd = "/usr/sbin/sshd";
  if (!fs.existsSync(sshd)) throw new Error("openssh-server is not installed (apt-get install openssh-server)");
  const user = os.userInfo().username;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbt-sftp-"));
  const hostKey = path.join(dir, "host_ed25519");
  const userKey = path.join(dir, "user_ed25519");
  keygen(hostKey);
  keygen(userKey);
  const authorized = path.join(dir, "authorized_keys");
  fs.writeFileSync(authorized, fs.readFileSync(`${userKey}.pub`), { mode: 0o600 });
  const rootDir = path.join(dir, "srv");
  fs.mkdirSync(rootDir);
  // sshd needs its privilege-separation directory even when run by hand.
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const start = async () => {
    const port = await freePort();
    const config = path.join(dir, "sshd_config");
    fs.writeFileSync(
      config,
      [
        `ListenAddress 127.0.0.1`,
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `PidFile none`,
        `AuthorizedKeysFile ${authorized}`,
        `PubkeyAuthentication yes`,
        `PasswordAuthentication no`,
        `KbdInteractiveAuthentication no`,
        `PermitRootLogin prohibit-password`,
        `AllowUsers ${user}`,
        `UsePAM no`,
        `StrictModes no`,
        `Subsystem sftp internal-sftp`,
        `LogLevel INFO`,
        "",
      ].join("\n"),
    );
    const proc = await startServerProcess(
      "sshd",
      sshd,
      ["-D", "-e", "-f", config],
      /Server listening on 127\.0\.0\.1 port (\d+)/,
      {
        timeoutMs: opts.timeoutMs ?? 15_000,
      },
    );
    return { port, proc };
  };
  // freePort can race with another test grabbing the same port: retry a couple of times.
  let started: Awaited<ReturnType<typeof start>> | undefined;
  let lastError: unknown;
  for (let i = 0; i < 3 && !started; i++) {
    try {
      started = await start();
    } catch (e) {
      lastError = e;
    }
  }
  if (!started) throw lastError;
  const { port, proc } = started;
  const hostPub = fs.readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  return {
    host: "127.0.0.1",
    port,
    url: `sftp://${user}@127.0.0.1:${port}`,
    user,
    privateKey: fs.readFileSync(userKey, "utf8"),
    knownHosts: `[127.0.0.1]:${port} ${hostPub}\n`,
    rootDir,
    stop: async () => {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
