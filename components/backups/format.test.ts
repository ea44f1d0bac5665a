/* Unit tests for the display formatting used on every backup screen. */
import { describe, expect, it } from "vitest";
import {
  formatAbsolute,
  formatAdded,
  formatBytes,
  formatDuration,
  formatEta,
  formatProgressBytes,
  formatRelative,
  formatRunTime,
  formatShortDate,
  zoneAbbreviation,
} from "./format";

describe("formatBytes", () => {
  it("uses binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(18.4 * 1024 ** 3)).toBe("18.4 GiB");
    expect(formatBytes(212 * 1024 ** 2)).toBe("212 MiB");
    expect(formatBytes(null)).toBe("—");
  });
});

describe("formatDuration", () => {
  it("writes minutes and zero-padded seconds", () => {
    expect(formatDuration(252_000)).toBe("4m 12s");
    expect(formatDuration(182_000)).toBe("3m 02s");
    expect(formatDuration(12_000)).toBe("12s");
    expect(formatDuration(3_725_000)).toBe("1h 02m");
    expect(formatDuration(800)).toBe("0.8s");
    expect(formatDuration(undefined)).toBe("—");
  });
});

describe("times", () => {
  const now = new Date("2026-11-23T18:00:00Z");
  it("relative", () => {
    expect(formatRelative("2026-11-23T16:00:00Z", now)).toBe("2 h ago");
    expect(formatRelative("2026-11-20T18:00:00Z", now)).toBe("3 d ago");
    expect(formatRelative("2026-11-23T23:00:00Z", now)).toBe("in 5 h");
    expect(formatRelative("2026-11-23T17:59:55Z", now)).toBe("just now");
  });
  it("absolute in the environment's timezone", () => {
    expect(formatAbsolute("2026-11-24T01:00:00Z", "Europe/Berlin")).toBe("Tue 24 Nov 2026, 02:00:00 (Europe/Berlin)");
    expect(formatAbsolute("2026-11-24T01:00:00Z", "Not/AZone")).toContain("(UTC)");
  });
  it("run times and short dates", () => {
    expect(formatRunTime("2026-11-24T01:00:00Z", "Europe/Berlin", now)).toBe("Tue 02:00");
    expect(formatShortDate("2026-11-23T02:00:00Z", "UTC", now)).toBe("today 02:00");
    expect(formatShortDate("2026-11-22T14:10:00Z", "UTC", now)).toBe("yesterday 14:10");
    expect(formatShortDate("2026-11-16T09:12:00Z", "UTC", now)).toBe("Mon 16 Nov 09:12");
  });
  it("eta", () => {
    expect(formatEta(40)).toBe("ETA 40 s");
    expect(formatEta(null)).toBe("");
  });
});

describe("zoneAbbreviation", () => {
  it("names the zone a clock time is in, with daylight saving", () => {
    expect(zoneAbbreviation("2026-12-02T12:00:00Z", "UTC")).toBe("UTC");
    expect(zoneAbbreviation("2026-12-02T12:00:00Z", "Europe/Berlin")).toBe("CET");
    expect(zoneAbbreviation("2026-07-02T12:00:00Z", "Europe/Berlin")).toBe("CEST");
  });
});

describe("formatAdded", () => {
  it("shows restic's data_added when it is at most the size", () => {
    expect(formatAdded(1024, 4096)).toEqual({ text: "1.0 KiB" });
    expect(formatAdded(null, 4096)).toEqual({ text: "—" });
    expect(formatAdded(1024, null)).toEqual({ text: "1.0 KiB" });
  });
  it("caps a first backup's added bytes at its size and says restic's metadata is in the rest", () => {
    const a = formatAdded(3_614_456, 3_600_000);
    expect(a.text).toBe(formatBytes(3_600_000));
    expect(a.title).toContain("includes restic's metadata");
    expect(a.title).toContain(formatBytes(3_614_456));
  });
});

describe("formatProgressBytes", () => {
  const p = (
    bytesDone: number,
    bytesTotal: number,
    bytesTotalKind?: "exact" | "estimate" | "counting",
    percent = 50,
  ) => ({
    percent,
    bytesDone,
    bytesTotal,
    bytesTotalKind,
  });
  it("shows no bytes when there are none (a finished phase never says 0 B)", () => {
    expect(formatProgressBytes(p(0, 0, "exact", 100))).toBeNull();
    expect(formatProgressBytes(null)).toBeNull();
  });
  it("says how sure the total is", () => {
    expect(formatProgressBytes(p(1024, 4096, "exact"))).toBe("1.0 KiB of 4.0 KiB");
    expect(formatProgressBytes(p(1024, 4096))).toBe("1.0 KiB of 4.0 KiB");
    expect(formatProgressBytes(p(1024, 4096, "estimate"))).toBe("1.0 KiB of about 4.0 KiB");
    expect(formatProgressBytes(p(0, 4096, "counting"))).toBe("0 B of 4.0 KiB found so far");
  });
  it("shows just the size once all of it is done", () => {
    expect(formatProgressBytes(p(3_600_000, 3_600_000, "exact", 100))).toBe("3.4 MiB");
  });
});
