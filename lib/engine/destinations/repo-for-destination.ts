/* Turns a DestinationSpec into the Repo restic runs against, and the files that Repo needs on disk (a
 * custom CA certificate, an SSH private key with mode 0600, a known_hosts file), all under the data
 * directory. `planRepo` is pure (the recovery kit uses it with another base directory);
 * `repoForDestination` writes the files and returns the Repo. Invariants: secrets go into `env`,
 * the repository URL (passed by the engine as RESTIC_REPOSITORY, never argv) or a 0600 file — never into
 * `options`; file names are content-addressed so two destinations never overwrite each other's key. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Repo } from "../types";
import {
  type DestinationSpec,
  DestinationConfigInvalid,
  parseDestinationPart,
  ZLocalConfig,
  ZRestConfig,
  ZRestSecrets,
  ZS3Config,
  ZS3Secrets,
  ZSftpConfig,
  ZSftpSecrets,
} from "./config";

/** `keepExisting`: the file is also written by ssh (accept-new known_hosts) and must not be reset. */
export type RepoFile = { path: string; contents: string; mode: number; what: string; keepExisting?: boolean };
/** `ssh`: for SFTP, ssh's options (key, host-key checking) without port and target, so other tools
 * (the sftp client used to look at a folder) connect exactly the way restic does. */
export type RepoPlan = {
  repo: Repo;
  files: RepoFile[];
  ssh?: { options: string[]; port: number; target: string; path: string };
};

const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex").slice(0, 16);

/** Quote one word for restic's sftp.command splitter (and a POSIX shell): only when it needs it. */
function word(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  if (s.includes('"') || s.includes("\\")) throw new DestinationConfigInvalid(`Unsupported character in "${s}"`);
  return `"${s}"`;
}

export function s3Endpoint(endpoint: string): { scheme: "https" | "http"; host: string } {
  const m = endpoint.trim().match(/^(?:(https?):\/\/)?([^/]+)\/?$/);
  if (!m)
    throw new DestinationConfigInvalid(`The S3 endpoint "${endpoint}" should be a host name, without bucket or path`);
  return { scheme: (m[1] as "https" | "http" | undefined) ?? "https", host: m[2] };
}

/** Everything about the repository except writing files: `filesDir` is where the files would live. */
export function planRepo(spec: DestinationSpec, opts: { dataDir: string; filesDir?: string }): RepoPlan {
  const filesDir = opts.filesDir ?? path.join(opts.dataDir, "destinations");
  const cacheDir = path.join(opts.dataDir, "restic-cache");
  const base: Repo = { url: "", password: spec.repoPassword, cacheDir };
  const files: RepoFile[] = [];
  const caFile = (pem: string) => {
    const p = path.join(filesDir, `ca-${hash(pem)}.pem`);
    files.push({ path: p, contents: pem.trim() + "\n", mode: 0o644, what: "CA certificate of the server" });
    return p;
  };

  switch (spec.type) {
    case "local": {
      const c = parseDestinationPart(ZLocalConfig, spec.config, "local folder destination");
      return { repo: { ...base, url: path.resolve(c.path) }, files };
    }
    case "s3": {
      const c = parseDestinationPart(ZS3Config, spec.config, "S3 destination");
      const s = parseDestinationPart(ZS3Secrets, spec.secrets, "S3 access key");
      const { scheme, host } = s3Endpoint(c.endpoint);
      const url = `s3:${scheme}://${host}/${c.bucket}${c.prefix ? `/${c.prefix}` : ""}`;
      const env: Record<string, string> = {
        AWS_ACCESS_KEY_ID: s.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s.secretAccessKey,
      };
      const options: string[] = [];
      if (c.pathStyle) options.push("s3.bucket-lookup=path");
      if (c.region) {
        env.AWS_DEFAULT_REGION = c.region;
        options.push(`s3.region=${c.region}`);
      }
      const repo: Repo = { ...base, url, env, options };
      if (c.caCert) repo.caCertPath = caFile(c.caCert);
      else if (c.caCertPath) repo.caCertPath = c.caCertPath;
      return { repo, files };
    }
    case "sftp": {
      const c = parseDestinationPart(ZSftpConfig, spec.config, "SFTP destination");
      const s = parseDestinationPart(ZSftpSecrets, spec.secrets, "SFTP private key");
      const key = s.privateKey.replace(/\r\n/g, "\n").trim() + "\n";
      const keyPath = path.join(filesDir, `ssh-key-${hash(key)}`);
      files.push({ path: keyPath, contents: key, mode: 0o600, what: "SSH private key" });
      const port = c.port ?? 22;
      const checking = c.hostKeyChecking ?? (c.knownHosts ? "strict" : "accept-new");
      let knownHostsPath = "/dev/null";
      if (checking === "strict") {
        if (!c.knownHosts)
          throw new DestinationConfigInvalid("Strict host key checking needs the server's known_hosts line(s)");
        knownHostsPath = path.join(filesDir, `known_hosts-${hash(c.knownHosts)}`);
        files.push({
          path: knownHostsPath,
          contents: c.knownHosts.trim() + "\n",
          mode: 0o644,
          what: "known_hosts of the server",
        });
      } else if (checking === "accept-new") {
        // ssh appends the first key it sees; the file is per server so a changed key is refused later.
        knownHostsPath = path.join(filesDir, `known_hosts-${hash(`${c.host}:${port}`)}`);
        files.push({
          path: knownHostsPath,
          contents: (c.knownHosts ?? "").trim() + (c.knownHosts ? "\n" : ""),
          mode: 0o644,
          what: "known_hosts of the server (first key seen is remembered)",
          keepExisting: true,
        });
      }
      const sshOptions = [
        "-F",
        "/dev/null",
        "-i",
        keyPath,
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=20",
        "-o",
        "ServerAliveInterval=30",
        "-o",
        "ServerAliveCountMax=6",
        "-o",
        `StrictHostKeyChecking=${checking === "strict" ? "yes" : checking === "off" ? "no" : "accept-new"}`,
        "-o",
        `UserKnownHostsFile=${knownHostsPath}`,
      ];
      const target = `${c.user}@${c.host}`;
      const ssh = ["ssh", ...sshOptions, "-p", String(port), target, "-s", "sftp"];
      const repo: Repo = {
        ...base,
        url: `sftp:${target}:${c.path}`,
        options: [`sftp.command=${ssh.map(word).join(" ")}`],
      };
      return { repo, files, ssh: { options: sshOptions, port, target, path: c.path } };
    }
    case "rest": {
      const c = parseDestinationPart(ZRestConfig, spec.config, "REST destination");
      const s = parseDestinationPart(ZRestSecrets, spec.secrets, "REST credentials");
      const u = new URL(c.url);
      if (s.username) u.username = encodeURIComponent(s.username);
      if (s.password) u.password = encodeURIComponent(s.password);
      let url = u.toString();
      if (!url.endsWith("/")) url += "/";
      const repo: Repo = { ...base, url: `rest:${url}` };
      if (c.caCert) repo.caCertPath = caFile(c.caCert);
      else if (c.caCertPath) repo.caCertPath = c.caCertPath;
      return { repo, files };
    }
    default:
      throw new DestinationConfigInvalid(`Unknown destination type "${(spec as { type: string }).type}"`);
  }
}

/** Writes one file atomically with its mode (a key is never readable by others, not even briefly). */
export function writeRepoFile(f: RepoFile): void {
  fs.mkdirSync(path.dirname(f.path), { recursive: true, mode: 0o700 });
  if (f.keepExisting && fs.existsSync(f.path)) return; // keep the host key ssh learned
  if (fs.existsSync(f.path) && fs.readFileSync(f.path, "utf8") === f.contents) {
    fs.chmodSync(f.path, f.mode);
    return;
  }
  const tmp = `${f.path}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, f.contents, { mode: f.mode });
  fs.chmodSync(tmp, f.mode); // umask may have narrowed it
  fs.renameSync(tmp, f.path);
}

/** The Repo for a destination, with its CA/key/known_hosts files written under `dataDir`. */
export function repoForDestination(spec: DestinationSpec, opts: { dataDir: string }): Repo {
  const plan = planRepo(spec, opts);
  for (const f of plan.files) writeRepoFile(f);
  if (plan.repo.cacheDir) fs.mkdirSync(plan.repo.cacheDir, { recursive: true, mode: 0o700 });
  return plan.repo;
}
