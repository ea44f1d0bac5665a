import { describe, expect, it } from "vitest";
import { fieldLabel } from "./field-labels";

describe("audit field labels", () => {
  it("says destinations, not destinationIds, and splits unknown names", () => {
    expect(fieldLabel("destinationIds")).toBe("destinations");
    expect(fieldLabel("maxManualBackups")).toBe("manual backups kept");
    expect(fieldLabel("someNewField")).toBe("some new field");
  });
});
