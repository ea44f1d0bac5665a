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

describe("a plan for a time fetches only the WAL it needs; shipped partials", () => {
  const seg = (n: number) => `00000001000000000000000${n}`;
  const at = (min: number, sec = 0) => `2026-12-01T10:0${min}:${String(sec).padStart(2, "0")}.000Z`;
  const shipped = (id: string, time: string, names: string[]) => ({
    snapshotId: id,
    time,
    files: names.map((name) => ({ name, path: `/ship/${id}/${name}`, size: 1 })),
  });
  // Every batch carries the complete segments since the last one and the segment being written (.partial).
  const inv: Inventory = {
    bases: [{ ...base(seg(1)), time: at(0) }],
    batches: [
      shipped("b1", at(1), [seg(1), `${seg(2)}.partial`]),
      shipped("b2", at(2), [seg(2), `${seg(3)}.partial`]),
      shipped("b3", at(3), [seg(3), `${seg(4)}.partial`]),
      shipped("b4", at(4), [seg(4), `${seg(5)}.partial`]),
    ],
  };

  it("stops at the first segment still being written a clock slack after the target", () => {
    const plan = planForTime(recoveryWindow(inv), at(1, 10));
    expect(plan.ok && plan.chain.files.map((f) => f.segment)).toEqual([seg(1), seg(2), seg(3)]);
    expect(plan.ok && [...new Set(plan.chain.files.map((f) => f.snapshotId))]).toEqual(["b1", "b2", "b3"]); // not b4
  });

  it("latest, or a target near the newest WAL, fetches the whole chain", () => {
    const w = recoveryWindow(inv);
    const all = [seg(1), seg(2), seg(3), seg(4), seg(5)];
    const latest = planForTime(w, "latest");
    expect(latest.ok && latest.chain.files.map((f) => f.segment)).toEqual(all);
    const late = planForTime(w, at(3, 50));
    expect(late.ok && late.chain.files.map((f) => f.segment)).toEqual(all);
  });

  it("the newest segment comes from its newest .partial; a complete segment wins over any partial copy, even a later one", () => {
    const stale = { ...inv, batches: [...inv.batches, shipped("b5", at(5), [`${seg(3)}.partial`])] };
    const files = recoveryWindow(stale).chains[0]!.files;
    expect(files.find((f) => f.segment === seg(3))).toMatchObject({ name: seg(3), snapshotId: "b3" });
    expect(files.at(-1)).toMatchObject({ segment: seg(5), name: `${seg(5)}.partial`, snapshotId: "b4" });
    const newer = { ...inv, batches: [...inv.batches, shipped("b6", at(5), [`${seg(5)}.partial`])] };
    expect(recoveryWindow(newer).chains[0]!.files.at(-1)).toMatchObject({
      name: `${seg(5)}.partial`,
      snapshotId: "b6",
    });
  });
});

describe("a base backup with its end LSN from its manifest (no end-time tag)", () => {
  const seg = (n: number) => `00000001000000000000000${n}`;
  const shipped = (id: string, time: string, names: string[]) => ({
    snapshotId: id,
    time,
    files: names.map((name) => ({ name, path: `/ship/${id}/${name}`, size: 1 })),
  });
  const old = {
    snapshotId: "base1",
    time: "2026-12-01T10:00:00.000Z",
    timeline: 1,
    startWal: seg(1),
    path: "/base.tar",
    segmentBytes: MiB,
    endLsn: "0/200100", // in segment 2 (1 MiB segments)
    endFrom: "manifest" as const,
  };

  it("starts when WAL past the end LSN was first shipped, not at the snapshot time", () => {
    const w = recoveryWindow({
      bases: [old],
      batches: [
        shipped("b1", "2026-12-01T10:01:00.000Z", [seg(1), `${seg(2)}.partial`]),
        shipped("b2", "2026-12-01T10:02:00.000Z", [seg(2), `${seg(3)}.partial`]),
      ],
    });
    expect(w.ranges).toEqual([{ from: "2026-12-01T10:02:00.000Z", to: "2026-12-01T10:02:00.000Z" }]);
    const early = planForTime(w, "2026-12-01T10:01:30.000Z");
    expect(early.ok).toBe(false);
    expect(!early.ok && early.earliest).toBe("2026-12-01T10:02:00.000Z");
    expect(!early.ok && early.message).toContain("0/200100");
  });

  it("is not restorable while only a partial of its end segment is shipped", () => {
    const w = recoveryWindow({
      bases: [old],
      batches: [shipped("b1", "2026-12-01T10:01:00.000Z", [seg(1), `${seg(2)}.partial`])],
    });
    expect(w.ranges).toEqual([]);
  });
});
