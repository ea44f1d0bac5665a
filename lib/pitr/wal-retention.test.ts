import { describe, expect, it } from "vitest";
import { baseBackupTags, walBatchTags } from "./repository-layout";
import { planWalRetention } from "./wal-retention";

const seg = (n: number) => `00000001000000000000${n.toString(16).toUpperCase().padStart(4, "0")}`;
const bb = (id: string, time: string, start: number) => ({ id, time, tags: baseBackupTags("s", seg(start), 1) });
const wal = (id: string, files: string[]) => ({ id, time: "2026-01-01T00:00:00Z", tags: walBatchTags("s"), files });

describe("WAL retention follows the oldest kept base backup", () => {
  const bases = [
    bb("b1", "2026-01-01T03:00:00Z", 0x10),
    bb("b2", "2026-01-02T03:00:00Z", 0x20),
    bb("b3", "2026-01-03T03:00:00Z", 0x30),
  ];
  it("forgets old base backups and only WAL wholly before the oldest kept start-wal", () => {
    const plan = planWalRetention(
      bases,
      [
        wal("w1", [seg(0x10), seg(0x11)]),
        wal("w2", [seg(0x1f), `${seg(0x20)}.partial`]), // a .partial of the start segment: kept
        wal("w3", [seg(0x1f), seg(0x20)]), // holds the start segment of b2: kept
        wal("w4", [seg(0x21)]),
        wal("w5", ["00000002.history", seg(0x01)]), // a timeline history file: always kept
      ],
      2,
    );
    expect(plan.forgetBaseBackups).toEqual(["b1"]);
    expect(plan.oldestKeptStartWal).toBe(seg(0x20));
    expect(plan.forgetWal).toEqual(["w1"]);
  });
  it("forgets nothing without base backups, and always keeps at least one", () => {
    expect(planWalRetention([], [wal("w1", [seg(1)])]).forgetWal).toEqual([]);
    expect(planWalRetention(bases, [], 0).forgetBaseBackups).toEqual(["b2", "b1"]);
  });
});
