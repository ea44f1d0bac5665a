/* Restore scopes by source role (scope.ts, planRestore): "config" restores only config-role sources;
 * code-role sources stay out of "full" and "files" unless includeCode; "databases" is database-role
 * only; rows written before roles take their role from the type; "paths" ignores roles. */
import { describe, expect, it } from "vitest";
import type { backupSnapshots, sources } from "@/lib/db/schema";
import { planRestore } from "./restore-plan";
import { inScope } from "./scope";

type Snap = typeof backupSnapshots.$inferSelect;
type Source = typeof sources.$inferSelect;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const snap = (n: number, name: string, type: string, role: string | null): Snap =>
  ({
    id: `row-${n}`,
    sourceId: id(n),
    sourceName: name,
    sourceType: type,
    sourceRole: role,
    status: "succeeded",
    snapshotId: "abc",
  }) as Snap;
const source = (n: number, name: string, type: string): Source =>
  ({ id: id(n), name, type, environmentId: "env", config: {} }) as unknown as Source;

const snaps = [
  snap(1, "DB", "postgres", "database"),
  snap(2, "Uploads", "directory", "files"),
  snap(3, "Code", "directory", "code"),
  snap(4, "Env", "directory", "config"),
  snap(5, "Old export", "command", null),
];
const live = [
  source(1, "DB", "postgres"),
  source(2, "Uploads", "directory"),
  source(3, "Code", "directory"),
  source(4, "Env", "directory"),
  source(5, "Old export", "command"),
];
const names = (scope: Parameters<typeof planRestore>[2], includeCode = false) =>
  planRestore(snaps, live, scope, null, null, includeCode).items.map((i) => i.target.name);

describe("restore scopes by role", () => {
  it("config restores only the config source", () => {
    expect(names("config")).toEqual(["Env"]);
  });
  it("full leaves code out unless includeCode", () => {
    expect(names("full")).toEqual(["DB", "Uploads", "Env", "Old export"]);
    expect(names("full", true)).toEqual(["DB", "Uploads", "Code", "Env", "Old export"]);
  });
  it("files is files-role (a command without a role counts as files), code only with includeCode", () => {
    expect(names("files")).toEqual(["Uploads", "Old export"]);
    expect(names("files", true)).toEqual(["Uploads", "Code", "Old export"]);
  });
  it("databases is database-role only, includeCode or not", () => {
    expect(names("databases", true)).toEqual(["DB"]);
  });
  it("a backup without config sources says so", () => {
    const plan = planRestore(snaps.slice(0, 2), live, "config");
    expect(plan.problem).toMatch(/no configuration/);
  });
  it("paths restores the chosen files whatever the role", () => {
    expect(inScope("paths", "code")).toBe(true);
    expect(inScope("config", "code", true)).toBe(false);
  });
});
