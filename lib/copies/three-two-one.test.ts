import { describe, expect, it } from "vitest";
import { threeTwoOne } from "./three-two-one";

const types: Record<string, string> = { disk: "local", disk2: "local", s3: "s3", rest: "rest" };
const typeOf = (id: string) => types[id];

describe("threeTwoOne", () => {
  it("one local destination is not 3-2-1", () => {
    expect(threeTwoOne(["disk"], [], typeOf)).toMatchObject({ places: 1, types: 1, offsite: false, met: false });
  });
  it("two local folders: two places, one kind, none off-site", () => {
    expect(threeTwoOne(["disk"], ["disk2"], typeOf)).toMatchObject({ places: 2, types: 1, offsite: false, met: false });
  });
  it("local primary + an S3 copy meets it", () => {
    const r = threeTwoOne(["disk"], ["s3"], typeOf);
    expect(r).toMatchObject({ places: 2, types: 2, offsite: true, met: true });
    expect(r.summary).toMatch(/^3-2-1 met/);
  });
  it("a deleted destination does not count, a duplicate counts once", () => {
    expect(threeTwoOne(["disk", "gone"], ["disk"], typeOf)).toMatchObject({ places: 1, met: false });
  });
});
