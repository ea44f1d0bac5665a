/* The unsaved-changes guard's rules: deep equality of form values, and which link clicks leave the page. */
import { describe, expect, it } from "vitest";
import { clickLeavesPage, sameValues } from "./unsaved-changes";

describe("sameValues", () => {
  it("compares nested values regardless of key order", () => {
    const a = { retention: { preset: "lagoon" }, schedules: [{ cron: "0 2 * * *", timezone: "UTC" }], live: false };
    const b = { live: false, schedules: [{ timezone: "UTC", cron: "0 2 * * *" }], retention: { preset: "lagoon" } };
    expect(sameValues(a, b)).toBe(true);
    expect(sameValues(a, { ...b, live: true })).toBe(false);
    expect(sameValues(a, { ...b, schedules: [] })).toBe(false);
    expect(sameValues({ x: [1, 2] }, { x: [2, 1] })).toBe(false);
    expect(sameValues({ x: undefined }, {})).toBe(true);
    expect(sameValues({ x: null }, {})).toBe(false);
    expect(sameValues([], {})).toBe(false);
  });
});

describe("clickLeavesPage", () => {
  const here = "https://panel.example/projects/acme/environments/production/backups/settings";
  const click = (href: string, extra: Partial<Parameters<typeof clickLeavesPage>[0]> = {}) =>
    clickLeavesPage({ href, target: "", download: false, button: 0, modified: false, ...extra }, here);

  it("asks for another page of the panel", () => {
    expect(click("https://panel.example/projects/acme/environments/production/backups")).toBe(true);
    expect(click("/dashboard")).toBe(true);
    expect(click(`${here}?tab=x`)).toBe(true);
  });

  it("leaves alone what does not navigate this tab away", () => {
    expect(click(`${here}#schedule`)).toBe(false);
    expect(click("https://other.example/")).toBe(false);
    expect(click("/dashboard", { target: "_blank" })).toBe(false);
    expect(click("/dashboard", { modified: true })).toBe(false);
    expect(click("/dashboard", { button: 1 })).toBe(false);
    expect(click("/api/v1/backups/1/download", { download: true })).toBe(false);
    expect(click("/dashboard", { target: "_self" })).toBe(true);
  });
});
