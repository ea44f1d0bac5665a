import { describe, expect, it } from "vitest";
import { copiesUnderWayText, deleteWhereText } from "./delete-where";

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

const c = (destinationName: string, status: "queued" | "running" | "succeeded" | "failed") => ({
  destinationId: destinationName,
  destinationName,
  status,
  snapshotIds: [],
  attempts: 0,
});

describe("copiesUnderWayText", () => {
  it("says a queued copy is cancelled and a running one refuses the delete", () => {
    expect(copiesUnderWayText([c("dc2", "succeeded"), c("cloud", "failed")])).toBe("");
    expect(copiesUnderWayText([c("dc2", "queued")])).toBe("The copy to dc2 has not run yet: it is cancelled.");
    expect(copiesUnderWayText([c("dc2", "queued"), c("cloud", "queued")])).toBe(
      "The copies to dc2, cloud have not run yet: they are cancelled.",
    );
    expect(copiesUnderWayText([c("dc2", "queued"), c("cloud", "running")])).toBe(
      "The copy to dc2 has not run yet: it is cancelled. A copy to cloud is running now: the delete is refused until it has finished (or failed).",
    );
  });
});
