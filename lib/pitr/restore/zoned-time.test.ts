import { describe, expect, it } from "vitest";
import { isoLocal, previewRestoreTime, zonedToIso } from "./zoned-time";

describe("zoned time", () => {
  it("reads a wall-clock time in the environment's zone, to the second, across DST", () => {
    expect(zonedToIso("2026-12-02T14:03:27", "Europe/Berlin")).toBe("2026-12-02T13:03:27.000Z");
    expect(zonedToIso("2026-07-02T14:03:27", "Europe/Berlin")).toBe("2026-07-02T12:03:27.000Z");
    expect(zonedToIso("2026-12-02T14:03:27", "UTC")).toBe("2026-12-02T14:03:27.000Z");
    expect(isoLocal("2026-12-02T13:03:27.000Z", "Europe/Berlin")).toBe("2026-12-02T14:03:27");
    expect(zonedToIso("14:03", "UTC")).toBeNull();
  });

  it("previews a time against the window: inside, before, in a gap", () => {
    const w = {
      ranges: [{ from: "2026-12-02T10:00:00.000Z", to: "2026-12-02T12:00:00.000Z" }],
      gaps: [{ from: "2026-12-02T12:00:00.000Z", to: "2026-12-02T13:00:00.000Z" }],
    };
    const now = previewRestoreTime(w, "2026-12-02T11:30:05.000Z", "UTC");
    expect(now.ok).toBe(true);
    expect(now.sentence).toContain("11:30:05");
    const early = previewRestoreTime(w, "2026-12-02T09:00:00.000Z", "UTC");
    expect(early).toMatchObject({ ok: false });
    expect(early.sentence).toContain("10:00:00");
    const gap = previewRestoreTime(w, "2026-12-02T12:30:00.000Z", "UTC");
    expect(gap.ok).toBe(false);
    expect(gap.sentence).toMatch(/gap.*12:00:00.*13:00:00/);
  });
});
