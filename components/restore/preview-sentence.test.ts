/* The preview sentence the restore confirmation shows: counts with grouping, singular/plural, mirror vs
 * merge words, zero cases said plainly, databases named. */
import { describe, expect, it } from "vitest";
import type { RestorePreview } from "@/lib/restores/schema";
import { previewSentence } from "./preview-sentence";

const folder = { sourceId: "s", name: "site", type: "directory", kind: "folder" as const };
const preview = (over: Partial<RestorePreview["totals"]>, mode: RestorePreview["mode"] = "mirror"): RestorePreview => ({
  mode,
  items: [{ ...folder, replaces: 0, bringsBack: 0, addedSince: 0, excluded: [] }],
  databases: [],
  totals: { replaces: 0, bringsBack: 0, removes: 0, keeps: 0, excluded: 0, ...over },
});

describe("previewSentence", () => {
  it("says what a mirror restore replaces, removes and leaves alone", () => {
    expect(previewSentence(preview({ replaces: 1204, removes: 3, excluded: 2 }))).toBe(
      "This restore replaces 1,204 files, removes 3 added since, leaves 2 excluded paths alone.",
    );
    expect(previewSentence(preview({ replaces: 1, bringsBack: 2 }))).toBe(
      "This restore replaces 1 file, brings back 2 deleted since, removes no file.",
    );
  });
  it("says what a merge restore keeps", () => {
    expect(previewSentence(preview({ replaces: 2, keeps: 1, excluded: 1 }, "merge"))).toBe(
      "This restore replaces 2 files, keeps 1 added since, leaves 1 excluded path alone.",
    );
  });
  it("names databases, alone or after the folders", () => {
    const dbOnly: RestorePreview = { ...preview({}), items: [], databases: ["shop-db"] };
    expect(previewSentence(dbOnly)).toBe("This restore replaces database shop-db entirely.");
    expect(previewSentence({ ...preview({ replaces: 5 }), databases: ["shop-db"] })).toBe(
      "This restore replaces 5 files, removes no file, replaces database shop-db entirely.",
    );
  });
});
