import { describe, expect, it } from "vitest";
import { effectiveReadDataRuns, ZCheckSettings } from "./check-settings-schema";

const GIB = 1024 ** 3;

describe("effectiveReadDataRuns", () => {
  it("uses the chosen rotation, else the default", () => {
    expect(effectiveReadDataRuns({ readDataRuns: 7, maxReadGibPerRun: null }, 30, 100 * GIB)).toEqual({
      runs: 7,
      raisedByCap: false,
    });
    expect(effectiveReadDataRuns({ readDataRuns: null, maxReadGibPerRun: null }, 30, 0).runs).toBe(30);
  });
  it("raises t to ceil(stored / cap) so one check downloads at most the cap", () => {
    // 1 TiB stored, 10 GiB per check: 103 checks, not the default 30
    expect(effectiveReadDataRuns({ readDataRuns: null, maxReadGibPerRun: 10 }, 30, 1024 * GIB)).toEqual({
      runs: 103,
      raisedByCap: true,
    });
    // the cap is already met by the chosen rotation
    expect(effectiveReadDataRuns({ readDataRuns: 30, maxReadGibPerRun: 100 }, 30, 1024 * GIB)).toEqual({
      runs: 30,
      raisedByCap: false,
    });
  });
  it("validates with specific messages", () => {
    const r = ZCheckSettings.safeParse({ readDataRuns: 0, maxReadGibPerRun: -1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([
      "Read the data over at least 1 check (1 = all data at every check)",
      "The cap must be more than 0 GiB (leave it empty for no cap)",
    ]);
    expect(ZCheckSettings.parse({})).toEqual({ readDataRuns: null, maxReadGibPerRun: null });
  });
});
