/* Directory restore modes and partial snapshots against real restic and real folders:
 *  - mirror (default): a file added since the backup is removed; merge: it stays; in both, folders the
 *    source excludes (node_modules/, *.cache) survive untouched, at the top and nested;
 *  - selected files in mirror mode: the selected folder equals the backup, but its excluded part stays;
 *  - a partial snapshot (safety backup of selected files) holds only those files, tagged with the folder,
 *    and even a whole-folder restore from it puts back only those files.
 * Plus the exclude matcher against restic's own exclusion: what restic left out is what it matches. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repo } from "../types";
import { excludeMatcher } from "./exclude-match";
import { backupSource, restoreSource, type SourceSpec } from "./index";
import { freshRepo, resticRaw, treeFingerprint } from "./test-support";

let repo: Repo;
let repoDir: string;
let work: string;
const opts = { tags: ["lifeboat"], host: "test-env" };

beforeAll(async () => {
  ({ repo, dir: repoDir } = await freshRepo("lb-modes-"));
  work = fs.mkdtempSync(path.join(os.tmpdir(), "lb-modes-work-"));
});
afterAll(() => {
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const write = (root: string, rel: string, data: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), data);
};
const spec = (root: string): SourceSpec => ({
  id: "d1",
  name: "App",
  type: "directory",
  config: { path: root, exclude: ["node_modules", "*.cache", `${root}/var/tmp`] },
});

async function prepared(name: string) {
  const root = path.join(work, name);
  write(root, "index.html", "v1");
  write(root, "docs/a.txt", "a v1");
  write(root, "docs/b.txt", "b v1");
  write(root, "node_modules/pkg/index.js", "dep v1");
  write(root, "web/node_modules/x.js", "nested dep v1");
  write(root, "docs/thumbs.cache", "cache v1");
  write(root, "var/tmp/session", "s1");
  const backed = await backupSource(repo, spec(root), opts);
  // After the backup: an edit, a deletion, files added, and the excluded parts changing on their own.
  write(root, "index.html", "v2");
  fs.rmSync(path.join(root, "docs/b.txt"));
  write(root, "added.txt", "added since");
  write(root, "docs/added-too.txt", "added since");
  write(root, "node_modules/pkg/index.js", "dep v2");
  write(root, "node_modules/new-dep/index.js", "dep added");
  write(root, "web/node_modules/x.js", "nested dep v2");
  write(root, "docs/thumbs.cache", "cache v2");
  write(root, "var/tmp/session", "s2");
  return { root, snapshotId: backed.snapshotId };
}

const excludedState = (root: string) =>
  Object.fromEntries(
    Object.entries(treeFingerprint(root)).filter(
      ([k]) => k.includes("node_modules") || k.endsWith(".cache") || k.startsWith("var/tmp/"),
    ),
  );

describe("directory restore modes", () => {
  it("mirror removes files added since, brings back deleted ones, leaves excluded paths alone", async () => {
    const { root, snapshotId } = await prepared("mirror");
    const excluded = excludedState(root);
    await restoreSource(repo, { snapshotId, source: spec(root), mode: "mirror" });
    expect(fs.readFileSync(path.join(root, "index.html"), "utf8")).toBe("v1");
    expect(fs.readFileSync(path.join(root, "docs/b.txt"), "utf8")).toBe("b v1");
    expect(fs.existsSync(path.join(root, "added.txt"))).toBe(false);
    expect(fs.existsSync(path.join(root, "docs/added-too.txt"))).toBe(false);
    expect(excludedState(root)).toEqual(excluded); // v2 contents, the added dependency included
    expect(fs.readFileSync(path.join(root, "node_modules/new-dep/index.js"), "utf8")).toBe("dep added");
    expect(fs.readdirSync(work).filter((n) => n.includes("lifeboat"))).toEqual([]);
  });

  it("merge keeps files added since and leaves excluded paths alone", async () => {
    const { root, snapshotId } = await prepared("merge");
    const excluded = excludedState(root);
    await restoreSource(repo, { snapshotId, source: spec(root), mode: "merge" });
    expect(fs.readFileSync(path.join(root, "index.html"), "utf8")).toBe("v1");
    expect(fs.readFileSync(path.join(root, "docs/b.txt"), "utf8")).toBe("b v1");
    expect(fs.readFileSync(path.join(root, "added.txt"), "utf8")).toBe("added since");
    expect(fs.readFileSync(path.join(root, "docs/added-too.txt"), "utf8")).toBe("added since");
    expect(excludedState(root)).toEqual(excluded);
    expect(fs.readdirSync(root).filter((n) => n.includes("lifeboat"))).toEqual([]);
  });

  it("a selected folder in mirror mode equals the backup except its excluded part", async () => {
    const { root, snapshotId } = await prepared("selected");
    await restoreSource(repo, { snapshotId, source: spec(root), paths: ["docs"], mode: "mirror" });
    expect(fs.readFileSync(path.join(root, "docs/b.txt"), "utf8")).toBe("b v1");
    expect(fs.existsSync(path.join(root, "docs/added-too.txt"))).toBe(false);
    expect(fs.readFileSync(path.join(root, "docs/thumbs.cache"), "utf8")).toBe("cache v2");
    expect(fs.readFileSync(path.join(root, "index.html"), "utf8")).toBe("v2"); // not selected
    expect(fs.readFileSync(path.join(root, "added.txt"), "utf8")).toBe("added since");
  });
});

describe("partial snapshots", () => {
  it("hold only the chosen files, and a restore from one puts back only those", async () => {
    const root = path.join(work, "partial");
    write(root, "keep.txt", "other file");
    write(root, "docs/a.txt", "a before the restore");
    const partial = await backupSource(repo, spec(root), { ...opts, paths: ["docs/a.txt", "missing.txt"] });
    const listed = resticRaw(repo, ["ls", "--json", partial.snapshotId])
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { path?: string; type?: string; tags?: string[] });
    const files = listed.filter((e) => e.type === "file").map((e) => e.path);
    expect(files).toEqual([`${root}/docs/a.txt`]);
    expect(listed[0]!.tags).toContain(`folder:${root}`);

    write(root, "docs/a.txt", "a after the restore");
    write(root, "keep.txt", "changed since");
    // Everything from a partial snapshot still means only its files: keep.txt must survive.
    await restoreSource(repo, { snapshotId: partial.snapshotId, source: spec(root) });
    expect(fs.readFileSync(path.join(root, "docs/a.txt"), "utf8")).toBe("a before the restore");
    expect(fs.readFileSync(path.join(root, "keep.txt"), "utf8")).toBe("changed since");
  });
});

describe("excludeMatcher", () => {
  it("excludes exactly what restic excluded from the backup", async () => {
    const root = path.join(work, "matcher");
    const rels = [
      "a.txt",
      "x.tmp",
      "sub/y.tmp",
      "sub/z.tmpx",
      "node_modules/p/i.js",
      "web/node_modules/q.js",
      "web/not_node_modules/r.js",
      "build/out/[1].log",
      "cache/deep/c",
      "keep/cache/d",
    ];
    for (const r of rels) write(root, r, r);
    const patterns = ["*.tmp", "node_modules", `${root}/cache`, "build/**/*.log"];
    const res = await backupSource(
      repo,
      { id: "m", name: "M", type: "directory", config: { path: root, exclude: patterns } },
      opts,
    );
    const inSnapshot = new Set(
      resticRaw(repo, ["ls", "--json", res.snapshotId])
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { path?: string; type?: string })
        .filter((e) => e.type === "file")
        .map((e) => e.path!),
    );
    const isExcluded = excludeMatcher(patterns);
    for (const r of rels) expect(isExcluded(`${root}/${r}`), r).toBe(!inSnapshot.has(`${root}/${r}`));
    expect(inSnapshot.size).toBe(4); // a.txt, sub/z.tmpx, web/not_node_modules/r.js, keep/cache/d
  });
});
