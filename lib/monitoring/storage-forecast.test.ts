/* The forecast's line fit: steady growth of 10 GiB a day toward a 500 GiB budget from 70 GiB is
 * reached in 43 days; flat storage has no date; over the budget is 0 days. */
import { describe, expect, it } from "vitest";
import { fitForecast, slopePerDay } from "./storage-forecast";

const GIB = 1024 ** 3;

describe("storage forecast", () => {
  it("10 GiB a day from 70 GiB reaches 500 GiB in 43 days", () => {
    const added = new Map<number, number>();
    for (let d = 1; d <= 30; d++) added.set(d, 10 * GIB);
    const f = fitForecast(70 * GIB, added, 500 * GIB);
    expect(f.bytesPerDay! / GIB).toBeCloseTo(10, 6);
    expect(f.daysToBudget).toBe(43);
  });
  it("flat storage never reaches it; over budget is now", () => {
    expect(fitForecast(10 * GIB, new Map(), 500 * GIB)).toEqual({ bytesPerDay: 0, daysToBudget: null });
    expect(fitForecast(600 * GIB, new Map(), 500 * GIB).daysToBudget).toBe(0);
    expect(slopePerDay([{ day: 1, bytes: 5 }])).toBeNull();
  });
});
