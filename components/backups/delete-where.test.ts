import { describe, expect, it } from "vitest";
import { deleteWhereText } from "./delete-where";

const h = (destinationName: string, role: "primary" | "copy") => ({
  destinationId: destinationName,
  destinationName,
  role,
});

describe("deleteWhereText", () => {
  it("names every place and how many are removed", () => {
    expect(deleteWhereText([h("local", "primary"), h("dc2", "copy"), h("cloud", "copy")])).toBe(
      "Held on primary + 2 copies (local, dc2, cloud) — all three are removed.",
    );
    expect(deleteWhereText([h("local", "primary"), h("dc2", "copy")])).toBe(
      "Held on primary + 1 copy (local, dc2) — both are removed.",
    );
    expect(deleteWhereText([h("local", "primary")])).toBe("Held on primary (local) — it is removed there.");
    expect(deleteWhereText([h("cloud", "copy")])).toBe("Held on 1 copy (cloud) — it is removed there.");
    expect(deleteWhereText([])).toMatch(/only its record is removed/);
  });
});
