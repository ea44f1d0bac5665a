/* Unit tests for a backup run's progress sums: the whole run's bytes, restic's partial scan totals, the
 * previous snapshot's size as an estimate, and the real size at the end. */
import { describe, expect, it } from "vitest";
import { RunProgressTotals } from "./run-progress";

const st = (bytesDone: number, bytesTotal: number, percent = 0, etaSeconds?: number) => ({
  percent,
  bytesDone,
  bytesTotal,
  filesDone: 0,
  ...(etaSeconds !== undefined ? { etaSeconds } : {}),
});

describe("RunProgressTotals", () => {
  it("says a total is only what restic found so far while its scanner counts (the 0 B of 124 KiB case)", () => {
    const t = new RunProgressTotals(1);
    const p = t.report("src/dst", st(0, 124 * 1024), "files → local");
    expect(p).toMatchObject({ bytesDone: 0, bytesTotal: 124 * 1024, bytesTotalKind: "counting", percent: 0 });
  });

  it("uses the previous snapshot's size while restic's count is smaller, as an estimate", () => {
    const t = new RunProgressTotals(1, new Map([["src/dst", 3_400_000]]));
    expect(t.report("src/dst", st(0, 90_000), "p")).toMatchObject({
      bytesTotal: 3_400_000,
      bytesTotalKind: "estimate",
    });
    // Once restic has counted more than last time, its count is the better figure.
    expect(t.report("src/dst", st(100, 4_000_000), "p")).toMatchObject({ bytesTotal: 4_000_000 });
  });

  it("takes restic's total as exact once it gives an ETA (its scan is done)", () => {
    const t = new RunProgressTotals(1, new Map([["a/d", 10]]));
    expect(t.report("a/d", st(500, 2_000, 0.25, 3), "p")).toMatchObject({
      bytesDone: 500,
      bytesTotal: 2_000,
      bytesTotalKind: "exact",
      etaSeconds: 3,
    });
  });

  it("adds up pairs that run at once and finished pairs' real sizes, over the whole run", () => {
    const t = new RunProgressTotals(3, new Map([["c/d", 5_000]]));
    t.report("a/d", st(1_000, 1_000, 1, 0), "a");
    t.finish("a/d", { bytes: 1_000, files: 4 });
    t.report("b/d", st(200, 800, 0.25, 5), "b");
    const p = t.current("b");
    // a saved (1,000), b in flight (200 of 800), c not started yet: still counting.
    expect(p).toMatchObject({ bytesDone: 1_200, bytesTotal: 1_800, bytesTotalKind: "counting", filesDone: 4 });
    expect(p.percent).toBeCloseTo(((1 + 0.25) / 3) * 100, 0);
  });

  it("gives a failed pair no bytes and never reports a total below what is done", () => {
    const t = new RunProgressTotals(2);
    t.report("a/d", st(700, 900, 0.5), "a");
    t.finish("a/d", null);
    const p = t.report("b/d", st(300, 100, 0.9, 1), "b");
    expect(p.bytesDone).toBe(300);
    expect(p.bytesTotal).toBe(300);
  });

  it("ends with the real size (not done · 0 B)", () => {
    expect(RunProgressTotals.done(3_600_000, 40)).toEqual({
      percent: 100,
      bytesDone: 3_600_000,
      bytesTotal: 3_600_000,
      bytesTotalKind: "exact",
      filesDone: 40,
      etaSeconds: 0,
      phase: "done",
    });
  });
});
