/* planRestore and the sourceMap rule: the default match (same source in place, else same name and type)
 * is unchanged without a map; a map sends a backed-up source into a differently named target of the
 * same type; a map to another type, an unknown source or two sources into one target is refused. */
import { describe, expect, it } from "vitest";
import type { backupSnapshots, sources } from "@/lib/db/schema";
import { planRestore } from "./restore-plan";
import { sourceMapSchema } from "./source-map";

type Snap = typeof backupSnapshots.$inferSelect;
type Source = typeof sources.$inferSelect;

const ids = {
  site: "00000000-0000-4000-8000-000000000001",
  db: "00000000-0000-4000-8000-000000000002",
  webroot: "00000000-0000-4000-8000-000000000011",
  stagingDb: "00000000-0000-4000-8000-000000000012",
  assets: "00000000-0000-4000-8000-000000000013",
};

const snap = (sourceId: string, sourceName: string, sourceType: string): Snap =>
  ({ id: `row-${sourceId}`, sourceId, sourceName, sourceType, status: "succeeded", snapshotId: "abc" }) as Snap;
const source = (id: string, name: string, type: string): Source =>
  ({ id, name, type, environmentId: "staging", config: {} }) as unknown as Source;

const snaps = [snap(ids.site, "Site", "directory"), snap(ids.db, "Main DB", "postgres")];
const staging = [
  source(ids.webroot, "Webroot", "directory"),
  source(ids.stagingDb, "Main DB", "postgres"),
  source(ids.assets, "Assets", "directory"),
];
const targetsOf = (plan: ReturnType<typeof planRestore>) =>
  plan.items.map((i) => [i.snapshots[0]!.sourceId, i.target.id]);

describe("planRestore without a map", () => {
  it("matches by name and type and names what has no counterpart", () => {
    const plan = planRestore(snaps, staging, "full");
    expect(targetsOf(plan)).toEqual([[ids.db, ids.stagingDb]]);
    expect(plan.unmatched).toEqual(["Site (directory)"]);
    expect(plan.problem).toMatch(/no source named Site \(directory\)/);
  });

  it("restores in place into the same source", () => {
    const plan = planRestore(snaps, [source(ids.site, "Renamed", "directory")], "files");
    expect(targetsOf(plan)).toEqual([[ids.site, ids.site]]);
    expect(plan.problem).toBeUndefined();
  });
});

describe("planRestore with a sourceMap", () => {
  it("sends a source into the mapped target; the others keep the default match", () => {
    const plan = planRestore(snaps, staging, "full", null, { [ids.site]: ids.webroot });
    expect(targetsOf(plan)).toEqual([
      [ids.site, ids.webroot],
      [ids.db, ids.stagingDb],
    ]);
    expect(plan.unmatched).toEqual([]);
    expect(plan.problem).toBeUndefined();
  });

  it("a map overrides a default match by name", () => {
    const withSite = [...staging, source("00000000-0000-4000-8000-000000000014", "Site", "directory")];
    const plan = planRestore(snaps, withSite, "files", null, { [ids.site]: ids.assets });
    expect(targetsOf(plan)).toEqual([[ids.site, ids.assets]]);
  });

  it("carries the chosen paths of a mapped folder", () => {
    const plan = planRestore(snaps, staging, "paths", [{ sourceId: ids.site, path: "/a.txt" }], {
      [ids.site]: ids.assets,
    });
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]).toMatchObject({ target: { id: ids.assets }, paths: ["/a.txt"] });
  });

  it("never restores into a target of another type", () => {
    const plan = planRestore(snaps, staging, "full", null, { [ids.site]: ids.stagingDb });
    expect(plan.unmatched).toEqual(["Site (directory)"]);
    expect(plan.problem).toBeDefined();
  });

  it("refuses two backed-up sources into one target", () => {
    const two = [snap(ids.site, "Site", "directory"), snap(ids.db, "Uploads", "directory")];
    const plan = planRestore(two, staging, "files", null, { [ids.site]: ids.webroot, [ids.db]: ids.webroot });
    expect(plan.problem).toMatch(/Two sources of the backup would be restored into "Webroot"/);
  });
});

describe("sourceMapSchema", () => {
  const origins = snaps.map((s) => ({ sourceId: s.sourceId, name: s.sourceName, type: s.sourceType }));
  const schema = sourceMapSchema(origins, staging, "staging");

  it("accepts a map to sources of the same type", () => {
    expect(schema.safeParse({ [ids.site]: ids.webroot, [ids.db]: ids.stagingDb }).success).toBe(true);
  });

  it("names the entry that maps to another type, another environment or twice to one target", () => {
    const issues = (map: Record<string, string>) => schema.safeParse(map).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ [ids.site]: ids.stagingDb })).toEqual([
      '"Site" is a directory source; "Main DB" in staging is postgres. Choose a directory source.',
    ]);
    expect(issues({ [ids.site]: "00000000-0000-4000-8000-0000000000ff" })).toEqual([
      '"Site" is mapped to a source that is not in staging; choose one of its sources.',
    ]);
    expect(issues({ [ids.webroot]: ids.webroot })[0]).toMatch(/not in the backup/);
  });
});
