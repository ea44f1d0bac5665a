/* backupRunsHooks: environment-wide hooks count as well as per-source hooks, so the
 * Backup now dialog's "live skips hooks" hint shows whenever the backup would run any hook. */
import { describe, expect, it } from "vitest";
import { backupRunsHooks } from "./has-hooks";

const cmd = { command: "echo hi" };

describe("backupRunsHooks", () => {
  it("is false with no hooks anywhere", () => {
    expect(backupRunsHooks(null, [{}, { hooks: null }, { hooks: {} }])).toBe(false);
    expect(backupRunsHooks(undefined, [])).toBe(false);
  });
  it("counts the environment-wide hooks of the backup settings", () => {
    expect(backupRunsHooks({ pre: cmd }, [{}])).toBe(true);
    expect(backupRunsHooks({ post: cmd }, [])).toBe(true);
  });
  it("counts a source's own hooks", () => {
    expect(backupRunsHooks(null, [{}, { hooks: { post: cmd } }])).toBe(true);
  });
});
