/* A restore to a time whose files vanish from the repository between the plan and the fetch (a batch
 * or the base backup forgotten meanwhile), for both ways base.tar comes out (restic restore, restic
 * dump): the restore fails with restic's reason — not with what PostgreSQL made of a missing WAL file —
 * every fetch lane settles first, and no scratch folder is left. Real cluster, real restic. */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repo } from "@/lib/engine";
import { readInventory } from "../inventory/read-inventory";
import { type Chain, planForTime, recoveryWindow } from "../inventory/window";
import {
  forgetSnapshot,
  initRepo,
  shipWal,
  startSourceCluster,
  takeBaseBackup,
  type SourceCluster,
  type TestRepo,
} from "../test-fixtures/pitr-repo";
import { recoverToTime } from "./recover-to-time";
import { query, RecoveryFailed, SCRATCH_PREFIX, scratchRoot } from "./scratch-cluster";

let src: SourceCluster;
let test: TestRepo;
let repo: Repo;
let chain: Chain;
const sourceId = randomUUID();
const batches: string[] = [];

beforeAll(async () => {
  src = await startSourceCluster();
  test = initRepo();
  repo = { url: test.url, password: test.password };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pitrfast-data-"));
  src.sql("create table t (id int primary key, note text)");
  takeBaseBackup(src, test, sourceId);
  for (let b = 0; b < 4; b++) {
    src.sql(`insert into t select g, 'b${b}' from generate_series(${b * 1000 + 1}, ${(b + 1) * 1000}) g`);
    batches.push((await shipWal(src, test, sourceId, dataDir)).snapshotId);
  }
  const plan = planForTime(recoveryWindow(await readInventory(repo, sourceId)), "latest");
  if (!plan.ok) throw new Error(plan.message);
  chain = plan.chain;
});

afterAll(() => src?.stop());

function ownScratchFolders(): string[] {
  return readdirSync(scratchRoot()).filter((n) => {
    if (!n.startsWith(SCRATCH_PREFIX)) return false;
    const owner = path.join(scratchRoot(), n, "owner.pid");
    return existsSync(owner) && readFileSync(owner, "utf8").trim() === String(process.pid);
  });
}

async function failure(fetch: { baseVia: "restore" | "dump" }) {
  const e = await recoverToTime(repo, chain, null, (c) => query(c, "select count(*) from t"), { fetch }).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Error);
  expect(e).not.toBeInstanceOf(RecoveryFailed);
  expect(ownScratchFolders()).toEqual([]);
  return e as Error;
}

describe("a restore whose files vanish after the plan", () => {
  it("the plan holds the base backup and all four batches, and restores them (both fetch ways)", async () => {
    // shipWal gives restic's short ids, the inventory full ones
    const inChain = [...new Set(chain.files.map((f) => f.snapshotId.slice(0, 8)))];
    expect(inChain.sort()).toEqual(batches.map((b) => b.slice(0, 8)).sort());
    for (const baseVia of ["restore", "dump"] as const) {
      const r = await recoverToTime(repo, chain, null, (c) => query(c, "select count(*) from t"), {
        fetch: { baseVia },
      });
      expect(r.result).toBe("4000");
    }
    expect(ownScratchFolders()).toEqual([]);
  });

  it("a WAL batch forgotten: restic's reason, nothing left behind", async () => {
    forgetSnapshot(test, batches[2]!);
    for (const baseVia of ["restore", "dump"] as const) {
      const e = await failure({ baseVia });
      expect(e.message).toMatch(new RegExp(batches[2]!.slice(0, 8)));
    }
  });

  it("the base backup forgotten: restic's reason, nothing left behind", async () => {
    forgetSnapshot(test, chain.base.snapshotId);
    for (const baseVia of ["restore", "dump"] as const) {
      const e = await failure({ baseVia });
      expect(e.message).toMatch(new RegExp(chain.base.snapshotId.slice(0, 8)));
    }
  });
});
