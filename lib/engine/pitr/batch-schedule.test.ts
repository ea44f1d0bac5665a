import { describe, expect, it } from "vitest";
import { batchDue, batchLeadMs } from "./batch-schedule";

const clock = { intervalMs: 60_000, maxSegments: 16, marginMs: 5000, completeWaiting: 0 };

describe("the batch interval is a deadline", () => {
  it("a batch starts the slowest recent restic run + margin before 60 s after the oldest unshipped write", () => {
    const c = { ...clock, dirtySince: 0, recentShipMs: [4000, 9000, 3000] };
    expect(batchLeadMs(c)).toBe(14_000);
    expect(batchDue({ ...c, now: 45_999 })).toBe(false);
    expect(batchDue({ ...c, now: 46_000 })).toBe(true);
  });

  it("nothing unshipped: never due; 16 complete segments waiting: due at once", () => {
    expect(batchDue({ ...clock, dirtySince: null, recentShipMs: [], now: 1e9 })).toBe(false);
    expect(batchDue({ ...clock, dirtySince: null, recentShipMs: [], now: 0, completeWaiting: 16 })).toBe(true);
  });

  it("a slow repository never makes batches come closer than half the interval", () => {
    const c = { ...clock, dirtySince: 0, recentShipMs: [120_000] };
    expect(batchLeadMs(c)).toBe(30_000);
    expect(batchDue({ ...c, now: 29_999 })).toBe(false);
  });
});
