/* The size case, in one test to keep the suite bounded: a 100 MB random file plus 10,000 small files
 * backed up with progress, listed as a stream, restored byte-exact, and an unchanged rerun that adds
 * (almost) nothing. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backupPaths, initRepo, lsSnapshot, restoreSnapshot, type Progress } from "../index";
import { diffManifests, manifest, repoLocks, tempDir, tempRepo, writeRandomFile } from "./test-support";

const base = tempDir();
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("large tree", () => {
  it("backs up, lists (streamed) and restores a 100 MB file and 10,000 small files exactly", async () => {
    const src = path.join(base, "src");
    fs.mkdirSync(src);
    writeRandomFile(path.join(src, "big random.bin"), 100 * 1024 * 1024);
    for (let d = 0; d < 100; d++) {
      const dir = path.join(src, "small", `dir ${d}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++)
        fs.writeFileSync(path.join(dir, `f-${f}.txt`), `dir ${d} file ${f}\n`.repeat(1 + ((d * f) % 7)));
    }
    const repo = tempRepo(base);
    await initRepo(repo);

    const progress: Progress[] = [];
    const r = await backupPaths(repo, {
      paths: [src],
      tags: ["large"],
      host: "h",
      onProgress: (p) => progress.push(p),
    });
    expect(r.totalFiles).toBe(10_001);
    expect(r.filesNew).toBe(10_001);
    expect(r.totalBytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.bytesDone > 0)).toBe(true);

    // Streamed listing: count without collecting.
    let files = 0;
    let dirs = 0;
    let bigSize = 0;
    for await (const e of lsSnapshot(repo, r.snapshotId)) {
      if (e.type === "file") files++;
      if (e.type === "dir") dirs++;
      if (e.name === "big random.bin") bigSize = e.size;
    }
    expect(files).toBe(10_001);
    expect(dirs).toBeGreaterThanOrEqual(102);
    expect(bigSize).toBe(100 * 1024 * 1024);

    const target = path.join(base, "restored");
    await restoreSnapshot(repo, { snapshotId: r.snapshotId, target });
    expect(diffManifests(manifest(src), manifest(path.join(target, src)))).toEqual([]);

    const again = await backupPaths(repo, { paths: [src], tags: ["large"], host: "h" });
    expect(again.filesNew + again.filesChanged).toBe(0);
    expect(again.addedBytes).toBeLessThan(r.addedBytes / 100);
    expect(repoLocks(repo)).toEqual([]);
  });
});
