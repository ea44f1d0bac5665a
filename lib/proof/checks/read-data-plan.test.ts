/* The rotation of data reads: t daily subset checks read every group once; a full read counts 100 %. */
import { describe, expect, it } from "vitest";
import { dataReadPercent, nextReadDataSubset } from "./read-data-plan";

describe("read-data plan", () => {
  it("rotates n through 1..t and starts over", () => {
    expect(nextReadDataSubset("subset", null, 30)).toBe("1/30");
    expect(nextReadDataSubset("subset", "1/30", 30)).toBe("2/30");
    expect(nextReadDataSubset("subset", "30/30", 30)).toBe("1/30");
    expect(nextReadDataSubset("subset", "4/7", 30)).toBe("1/30");
    expect(nextReadDataSubset("none", "3/30", 30)).toBeUndefined();
    expect(nextReadDataSubset("all", "3/30", 30)).toBeUndefined();
  });
  it("t checks in a row cover all data; repeats do not count twice", () => {
    let last: string | undefined;
    const done: { readData: "subset"; readDataSubset: string }[] = [];
    for (let i = 0; i < 3; i++) {
      last = nextReadDataSubset("subset", last, 3);
      done.push({ readData: "subset", readDataSubset: last as string });
    }
    expect(dataReadPercent(done, 3)).toBe(100);
    expect(dataReadPercent([done[0]!, done[0]!], 3)).toBe(33.3);
    expect(dataReadPercent([{ readData: "all", readDataSubset: null }], 30)).toBe(100);
    expect(dataReadPercent([], 30)).toBe(0);
  });
});
