/* Removing a restic repository from an SFTP server (restic has no "delete repository", and many hosts
 * are sftp-only, so there is no `ssh rm -rf`): OpenSSH's `sftp -b -` batches, connected with exactly the
 * key, known_hosts and options restic uses (planRepo's `ssh`). One batch lists the folder (it must hold
 * `config` and `keys`, else SftpNotARepository and nothing is touched), one lists restic's layout folders
 * (keys, locks, snapshots, index, data, data/00…ff; `-ls` so a missing one is no error), one removes only
 * restic's own names — keys first (from the first deletion on nobody can open what is left), `config`
 * last — then `-rmdir`s the layout folders and the repository folder, which fails harmlessly where
 * something else still lives. A last listing tells whether the folder is gone. Other files stay. */
import { spawn } from "node:child_process";
import type { DestinationSpec } from "./config";
import { planRepo, repoForDestination } from "./repo-for-destination";

export class SftpNotARepository extends Error {}

const HEX64 = /^[0-9a-f]{64}$/;
const FLAT = ["keys", "locks", "snapshots", "index"] as const;
const LAYOUT = new Set(["config", "data", ...FLAT]);
const DATA_DIRS = Array.from({ length: 256 }, (_, i) => `data/${i.toString(16).padStart(2, "0")}`);

type Batch = { code: number | null; stdout: string; stderr: string };
type Session = { options: string[]; port: number; target: string; env: Record<string, string> };

/** Runs one sftp batch (commands on stdin, echoed as "sftp> …" lines); the whole stdout is kept. */
function sftpBatch(s: Session, lines: string[], timeoutMs: number): Promise<Batch> {
  return new Promise((resolve) => {
    const child = spawn("sftp", ["-b", "-", "-P", String(s.port), ...s.options, s.target], {
      env: s.env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8192)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: "", stderr: `${stderr}\nsftp: ${e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr });
    });
    child.stdin.end(`${lines.join("\n")}\n`);
  });
}

const quote = (p: string) => `"${p.replace(/(["\\])/g, "\\$1")}"`;

/** The entries `ls -1` printed under `root`, relative to it ("keys/ab…"), prompt lines dropped. */
function listed(stdout: string, root: string): string[] {
  const start = `${root}/`;
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith(start))
    .map((l) => l.slice(start.length));
}

const failure = (what: string, b: Batch) =>
  new Error(`SFTP ${what} failed${b.code === null ? "" : ` (exit ${b.code})`}: ${b.stderr.trim() || "no message"}`);

export type SftpRemoval = { deleted: number; leftAlone: number; folderRemoved: boolean };

/** Deletes the restic repository at the SFTP destination `spec` (its path, key and host key). */
export async function removeSftpRepositoryOf(spec: DestinationSpec, opts: { dataDir: string }): Promise<SftpRemoval> {
  repoForDestination(spec, opts); // writes the key and known_hosts files ssh reads
  const ssh = planRepo(spec, opts).ssh;
  if (!ssh) throw new Error("Not an SFTP destination.");
  const s: Session = {
    options: ssh.options,
    port: ssh.port,
    target: ssh.target,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" },
  };
  const root = ssh.path.replace(/\/+$/, "");

  const top = await sftpBatch(s, [`ls -1 ${quote(root)}`], 60_000);
  if (top.code !== 0) {
    if (/not found|No such file/i.test(top.stderr)) return { deleted: 0, leftAlone: 0, folderRemoved: true };
    throw failure(`listing of ${root}`, top);
  }
  const names = listed(top.stdout, root);
  if (!names.includes("config") || !names.includes("keys"))
    throw new SftpNotARepository(`${ssh.target}:${root} is not a restic repository; it was left alone.`);

  const inside = await sftpBatch(
    s,
    [...FLAT, "data", ...DATA_DIRS].map((d) => `-ls -1 ${quote(`${root}/${d}`)}`),
    120_000,
  );
  if (inside.code !== 0) throw failure(`listing of ${root}'s folders`, inside);
  const entries = listed(inside.stdout, root);
  const ours = (rel: string) => {
    const parts = rel.split("/");
    if (parts.length === 2) return (FLAT as readonly string[]).includes(parts[0]!) && HEX64.test(parts[1]!);
    return parts.length === 3 && /^data\/[0-9a-f]{2}$/.test(`${parts[0]}/${parts[1]}`) && HEX64.test(parts[2]!);
  };
  const files = entries.filter(ours);
  const order = ["keys/", "locks/", "snapshots/", "index/", "data/"];
  files.sort((a, b) => order.findIndex((o) => a.startsWith(o)) - order.findIndex((o) => b.startsWith(o)));
  const layoutDir = (rel: string) => /^data\/[0-9a-f]{2}$/.test(rel);
  const foreign = names.filter((n) => !LAYOUT.has(n)).length + entries.filter((e) => !ours(e) && !layoutDir(e)).length;

  const removal = await sftpBatch(
    s,
    [
      ...files.map((f) => `rm ${quote(`${root}/${f}`)}`),
      `rm ${quote(`${root}/config`)}`,
      ...[...DATA_DIRS, "data", ...FLAT].map((d) => `-rmdir ${quote(`${root}/${d}`)}`),
      `-rmdir ${quote(root)}`,
    ],
    120_000 + files.length * 50,
  );
  if (removal.code !== 0) throw failure(`removal in ${root}`, removal);

  const after = await sftpBatch(s, [`ls -1 ${quote(root)}`], 60_000);
  const folderRemoved = after.code !== 0 && /not found|No such file/i.test(after.stderr);
  return { deleted: files.length + 1, leftAlone: foreign, folderRemoved };
}
