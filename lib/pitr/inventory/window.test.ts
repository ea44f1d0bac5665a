import { describe, expect, it } from "vitest";
import { planForTime, recoveryWindow } from "./window";
import type { Inventory } from "./types";

const MiB = 1024 * 1024;
const base = (startWal: string, segmentBytes?: number) => ({
  snapshotId: "base1",
  time: "2026-12-01T10:00:00.000Z",
  timeline: 1,
  startWal,
  path: "/base.tar",
  ...(segmentBytes ? { segmentBytes } : {}),
});
const batch = (names: string[]) => ({
  snapshotId: "wal1",
  time: "2026-12-01T10:05:00.000Z",
  files: names.map((name) => ({ name, path: `/ship/${name}`, size: 1 })),
});

describe("recoveryWindow with the cluster's WAL segment size", () => {
  it("1 MiB segments: a log holds 0x1000 of them, so ...0FFF is followed by 00000001 00000000 (no gap)", () => {
    const names = ["000000010000000000000FFE", "000000010000000000000FFF", "000000010000000100000000"];
    const inv: Inventory = { bases: [base(names[0]!, MiB)], batches: [batch(names)] };
    const w = recoveryWindow(inv);
    expect(w.gaps).toEqual([]);
    expect(w.ranges).toEqual([{ from: "2026-12-01T10:00:00.000Z", to: "2026-12-01T10:05:00.000Z" }]);
    const plan = planForTime(w, "latest");
    expect(plan.ok && plan.chain.files.map((f) => f.segment)).toEqual(names); // fetched under their real names
  });

  it("1 MiB segments past 0x100 keep their names (...0100 is not renamed to 00000001 00000000)", () => {
    const names = ["0000000100000000000000FF", "000000010000000000000100", "000000010000000000000101"];
    const w = recoveryWindow({ bases: [base(names[0]!, MiB)], batches: [batch(names)] });
    expect(w.gaps).toEqual([]);
    expect(w.chains[0]!.files.map((f) => f.segment)).toEqual(names);
  });

  it("16 MiB (the default, and base backups without the tag): ...00FF is followed by 00000001 00000000", () => {
    const names = ["0000000100000000000000FE", "0000000100000000000000FF", "000000010000000100000000"];
    const w = recoveryWindow({ bases: [base(names[0]!)], batches: [batch(names)] });
    expect(w.gaps).toEqual([]);
    expect(w.chains[0]!.files.map((f) => f.segment)).toEqual(names);
  });

  it("a missing segment is a gap named by its real name", () => {
    const names = ["000000010000000000000FFE", "000000010000000100000000", "000000010000000100000001"];
    const w = recoveryWindow({
      bases: [base(names[0]!, MiB)],
      batches: [batch(names)],
    });
    expect(w.gaps).toHaveLength(1);
    expect(w.gaps[0]!.missing).toEqual({ first: "000000010000000000000FFF", last: "000000010000000000000FFF" });
  });
});

describe("recoveryWindow starts at a base backup's consistent point", () => {
  const names = ["000000010000000000000FFE", "000000010000000000000FFF", "000000010000000100000000"];
  const withEnd = (endLsn: string) => ({ ...base(names[0]!, MiB), endLsn, endTime: "2026-12-01T10:02:00.000Z" });

  it("the range starts at end-time, and a time while the backup ran is refused with the earliest time", () => {
    const w = recoveryWindow({ bases: [withEnd("0/FFF0100")], batches: [batch(names)] });
    expect(w.ranges).toEqual([{ from: "2026-12-01T10:02:00.000Z", to: "2026-12-01T10:05:00.000Z" }]);
    const plan = planForTime(w, "2026-12-01T10:01:00.000Z");
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.earliest).toBe("2026-12-01T10:02:00.000Z");
    expect(plan.message).toContain("while the first base backup was being taken");
    expect(plan.message).toContain("the earliest time you can restore to is 2026-12-01T10:02:00.000Z");
    expect(planForTime(w, "2026-12-01T10:02:00.000Z").ok).toBe(true);
  });

  it("a base backup whose WAL does not yet reach its end LSN is not restorable", () => {
    const w = recoveryWindow({ bases: [withEnd("1/100100")], batches: [batch(names)] });
    expect(w.ranges).toEqual([]);
    expect(planForTime(w, "latest").ok).toBe(false);
  });
});
