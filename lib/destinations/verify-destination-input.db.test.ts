/* verifyDestinationInput (an unsaved destination, from the add-destination form) against real restic and
 * real folders: an empty folder is usable and is not initialised, a folder holding someone else's restic
 * repository is refused with the "choose an empty location" message, and only admins may verify. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { initRepo } from "@/lib/engine";
import { ensureRole } from "@/lib/auth/require-actor";
import { runActionAs } from "@/lib/http/run-action";
import { verifyDestinationInput, ZVerifyDestinationInput } from "./verify-destination-input";

const operator: Actor = { id: null, email: "op@example.com", role: "operator", via: "session" };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "lbt-verify-input-"));

describe("verifyDestinationInput", () => {
  it("accepts an empty folder without creating a repository there", async () => {
    const dir = tmp();
    const r = await verifyDestinationInput({ name: "Disk", type: "local", config: { path: dir } });
    expect(r).toEqual({ ok: true, initialized: false });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a folder that already holds another restic repository", async () => {
    const dir = path.join(tmp(), "repo");
    await initRepo({ url: dir, password: "someone else's password" });
    const r = await verifyDestinationInput({ name: "Disk", type: "local", config: { path: dir } });
    expect(r).toMatchObject({ ok: false, problem: "wrong_password" });
    expect(r.ok ? "" : r.message).toMatch(/already a restic repository .* Choose an empty/);
  });

  it("is admin only (checked by the action's wrapper, before the service runs)", async () => {
    let called = false;
    const r = await runActionAs(
      () => ensureRole(operator, "admin", { action: "destination.verify" }),
      ZVerifyDestinationInput,
      { name: "Disk", type: "local", config: { path: tmp() } },
      (d) => {
        called = true;
        return verifyDestinationInput(d);
      },
    );
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(called).toBe(false);
  });
});
