import { describe, expect, it } from "vitest";
import type { Snapshot } from "@/lib/engine";
import { compareSnapshotLists, SnapshotListsDiffer } from "./compare-snapshots";

const id = (c: string) => c.repeat(64);
const snap = (i: string, extra: Partial<Snapshot> = {}): Snapshot => ({
  id: id(i),
  shortId: id(i).slice(0, 8),
  time: "2026-12-03T10:00:00Z",
  hostname: "prod",
  tags: ["lifeboat", "backup:1"],
  paths: ["/site"],
  tree: id("t"),
  ...extra,
});

describe("compareSnapshotLists", () => {
  it("maps by restic's original, also for snapshots that were copies themselves", () => {
    const old = [snap("a"), snap("b", { original: id("f") })];
    const fresh = [snap("c", { original: id("a") }), snap("d", { original: id("f") })];
    expect(compareSnapshotLists(old, fresh)).toEqual({ map: { [id("a")]: id("c"), [id("b")]: id("d") }, extra: [] });
  });

  it("returns copies of snapshots the old repository no longer holds as extra", () => {
    const r = compareSnapshotLists([snap("a")], [snap("c", { original: id("a") }), snap("e", { original: id("9") })]);
    expect(r.extra).toEqual([id("e")]);
  });

  it("refuses a missing copy, a double one or one with other content", () => {
    expect(() => compareSnapshotLists([snap("a")], [])).toThrow(SnapshotListsDiffer);
    expect(() =>
      compareSnapshotLists([snap("a")], [snap("c", { original: id("a") }), snap("d", { original: id("a") })]),
    ).toThrow(/2 copies/);
    expect(() => compareSnapshotLists([snap("a")], [snap("c", { original: id("a"), tree: id("0") })])).toThrow(
      /differs/,
    );
    expect(() => compareSnapshotLists([snap("a")], [snap("c", { original: id("a"), tags: ["x"] })])).toThrow(/differs/);
  });
});
