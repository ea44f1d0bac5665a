import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format";

describe("formatDateTime", () => {
  it("formats in the given time zone with its short name (en-GB: CET, GMT-4), not an ISO fallback", () => {
    expect(formatDateTime("2026-12-03T13:03:00Z", "Europe/Berlin")).toBe("3 Dec 2026, 14:03 CET");
    expect(formatDateTime("2026-07-03T13:03:00Z", "America/New_York")).toBe("3 Jul 2026, 09:03 GMT-4");
  });
  it("falls back to ISO only for an unknown zone", () => {
    expect(formatDateTime("2026-12-03T13:03:00Z", "Mars/Olympus")).toBe("2026-12-03T13:03:00.000Z");
  });
});
