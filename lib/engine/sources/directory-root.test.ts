/* isOnlyPathIn: a whole-folder restore takes the snapshot's folder from restic's output only when the
 * staging directory proves it (exactly that one path restored); anything else means "ask restic". */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isOnlyPathIn } from "./directory";

const base = fs.mkdtempSync(path.join(os.tmpdir(), "lb-only-path-"));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function staging(...paths: string[]): string {
  const dir = fs.mkdtempSync(path.join(base, "s-"));
  for (const p of paths) fs.mkdirSync(path.join(dir, p), { recursive: true });
  return dir;
}

describe("isOnlyPathIn", () => {
  it("accepts the one restored folder, spaces and all", async () => {
    expect(await isOnlyPathIn(staging("/srv/mixed tree/sub"), "/srv/mixed tree")).toBe(true);
    expect(await isOnlyPathIn(staging("/srv/app"), "/srv/app")).toBe(true);
  });

  it("refuses two folders printed as one, a deeper or shallower guess, files and odd hints", async () => {
    expect(await isOnlyPathIn(staging("/a", "/b"), "/a /b")).toBe(false);
    expect(await isOnlyPathIn(staging("/srv/a", "/srv/b"), "/srv/a")).toBe(false);
    expect(await isOnlyPathIn(staging("/srv/app/only"), "/srv/app/only/deeper")).toBe(false);
    const withFile = staging("/srv");
    fs.writeFileSync(path.join(withFile, "srv", "app"), "x");
    expect(await isOnlyPathIn(withFile, "/srv/app")).toBe(false);
    expect(await isOnlyPathIn(staging("/srv/app"), undefined)).toBe(false);
    expect(await isOnlyPathIn(staging("/srv/app"), "srv/app")).toBe(false);
    expect(await isOnlyPathIn(staging("/srv/app"), "/srv/../srv/app")).toBe(false);
  });
});
