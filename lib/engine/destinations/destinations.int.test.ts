/* Every destination kind end to end against real servers on loopback and real restic: verify (empty →
 * ready), verify with init (repository v2 created), a backup through the engine, the snapshot listed,
 * a byte-exact restore (sha256 of every file), and the same snapshot listed and restored with the bare
 * restic CLI using nothing but the recovery kit. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupPaths, listSnapshots, restoreSnapshot } from "@/lib/engine/index";
import { recoveryKit } from "@/lib/engine/recovery-kit";
import type { SourceSpec } from "@/lib/engine/sources/types";
import { hashTree, makeTree, runKitCommand } from "@/test/support/servers/fixtures";
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
const PASSWORD = "correct horse battery staple";

let s3: S3TestServer;
let sftp: SftpTestServer;
let rest: RestTestServer;
let tree: string;

beforeAll(async () => {
  [s3, sftp, rest] = await Promise.all([
    startS3Server({ buckets: ["lifeboat-test"] }),
    startSftpServer(),
    startRestServer({ user: "lifeboat", password: "rest pass:wörd" }),
  ]);
  tree = tmp("lbt-tree-");
  makeTree(tree);
});

afterAll(async () => {
  await Promise.all([s3?.stop(), sftp?.stop(), rest?.stop()]);
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const kinds: [string, () => DestinationSpec][] = [
  ["local", () => ({ type: "local", config: { path: path.join(tmp("lbt-local-"), "repo") }, repoPassword: PASSWORD })],
  [
    "s3 (https, custom CA, path style, prefix)",
    () => ({
      type: "s3",
      config: {
        endpoint: `https://${s3.endpoint}`,
        bucket: "lifeboat-test",
        prefix: "team/prod",
        pathStyle: true,
        region: "us-east-1",
        caCert: s3.caCertPem,
      },
      secrets: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      repoPassword: PASSWORD,
    }),
  ],
  [
    "sftp (key auth, known_hosts strict)",
    () => ({
      type: "sftp",
      config: {
        host: sftp.host,
        port: sftp.port,
        user: sftp.user,
        path: path.join(sftp.rootDir, "repos", "prod"),
        knownHosts: sftp.knownHosts,
      },
      secrets: { privateKey: sftp.privateKey },
      repoPassword: PASSWORD,
    }),
  ],
  [
    "rest (basic auth)",
    () => ({
      type: "rest",
      config: { url: `${rest.url}prod` },
      secrets: { username: rest.user, password: rest.password },
      repoPassword: PASSWORD,
    }),
  ],
];

describe.each(kinds)("destination: %s", (_name, makeSpec) => {
  it("verifies, initialises, backs up, lists, restores byte-exact, and the recovery kit alone restores", async () => {
    const spec = makeSpec();
    const dataDir = tmp("lbt-data-");

    expect(await verifyDestination(spec, { dataDir })).toEqual({ ok: true, initialized: false, created: false });
    expect(await verifyDestination(spec, { dataDir, init: true })).toEqual({
      ok: true,
      initialized: true,
      created: true,
    });
    expect(await verifyDestination(spec, { dataDir, init: true })).toEqual({
      ok: true,
      initialized: true,
      created: false,
    });

    const repo = repoForDestination(spec, { dataDir });
    const source: SourceSpec = { id: "src-files", name: "files", type: "directory", config: { path: tree } };
    const result = await backupPaths(repo, { paths: [tree], tags: ["lifeboat", `source:${source.id}`], host: "prod" });
    expect(result.snapshotId).toMatch(/^[0-9a-f]{64}$/);

    const snaps = await listSnapshots(repo, { tags: [`source:${source.id}`] });
    expect(snaps.map((s) => s.id)).toEqual([result.snapshotId]);

    const target = tmp("lbt-restore-");
    await restoreSnapshot(repo, { snapshotId: result.snapshotId, target });
    const before = hashTree(tree);
    expect(Object.keys(before).length).toBe(4);
    expect(hashTree(path.join(target, tree))).toEqual(before);

    // The recovery kit, on "another machine": its files written to a fresh folder, nothing of Lifeboat's.
    const elsewhere = tmp("lbt-kit-");
    const kit = recoveryKit(spec, { dataDir, sources: [source], filesDir: path.join(elsewhere, "files") });
    for (const f of kit.files) {
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      fs.writeFileSync(f.path, f.contents, { mode: f.mode });
    }
    const home = path.join(elsewhere, "home");
    fs.mkdirSync(home);
    const list = await runKitCommand(kit.commands[0], kit.env, { cwd: elsewhere, home });
    expect(list.stderr).not.toMatch(/Fatal/);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(result.shortId);

    const restoreCmd = kit.commands.find((c) => c.includes(" restore "))!;
    expect(restoreCmd).toContain(`--tag source:${source.id}`);
    const restored = await runKitCommand(restoreCmd, kit.env, { cwd: elsewhere, home });
    expect(restored.code, restored.stderr).toBe(0);
    expect(hashTree(path.join(elsewhere, "restore", "files", tree))).toEqual(before);

    // The whole script runs too (writes the files, exports the env, lists snapshots).
    const script = await runKitCommand(kit.script, {}, { cwd: elsewhere, home });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain(result.shortId);
  });
});
