/* restoreIntoTool (restic dump → a client's stdin) against a real restic repository: a client that reads
 * everything restores; a client that exits with status 0 before it has read the whole dump is a failure
 * (it did not restore what the backup holds) and never a restore that waits forever. */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { backupStdin } from "@/lib/engine/restic/backup";
import type { Repo } from "../types";
import { spawnTool } from "./child";
import { RestoreFailed } from "./errors";
import { restoreIntoTool } from "./stream-backup";
import { freshRepo } from "./test-support";

const payload = randomBytes(2 * 1024 * 1024);
let repo: Repo;
let dir = "";
let snapshotId = "";

beforeAll(async () => {
  ({ repo, dir } = await freshRepo("lb-into-tool-"));
  const r = await backupStdin(repo, { stdin: Readable.from([payload]), filename: "data.bin", tags: ["t"], host: "h" });
  snapshotId = r.snapshotId;
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

it("a client that reads the whole dump gets every byte", async () => {
  const out = path.join(dir, "out.bin");
  const tool = spawnTool("sh", ["-c", `cat > "${out}"`], { label: "cat", stdin: "pipe" });
  await restoreIntoTool(repo, tool, { sourceName: "data", snapshotId, path: "/data.bin", size: payload.length });
  expect(sha(fs.readFileSync(out))).toBe(sha(payload));
}, 60_000);

it("a client that exits 0 after reading a little fails the restore instead of hanging", async () => {
  const tool = spawnTool("sh", ["-c", "head -c 100 > /dev/null"], { label: "head", stdin: "pipe" });
  const err = await restoreIntoTool(repo, tool, {
    sourceName: "data",
    snapshotId,
    path: "/data.bin",
    size: payload.length,
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RestoreFailed);
  expect(String((err as Error).message)).toMatch(/head exited before it had read the whole backup/);
}, 60_000);
