import { describe, expect, it } from "vitest";
import {
  compareFolder,
  compareTables,
  NO_MANIFEST_MESSAGE,
  requiredPathsCheck,
  smokeQueryCheck,
} from "./compare-manifest";

const pg = (tables: { schema: string | null; name: string; rows: number; exact?: boolean }[]) => ({
  kind: "database" as const,
  engine: "postgres" as const,
  consistent: true,
  tables: tables.map((t) => ({ exact: true, ...t })),
});

describe("compareTables", () => {
  it("passes when every table and count is as recorded", () => {
    const r = compareTables(pg([{ schema: "public", name: "orders", rows: 3 }]), [
      { schema: "public", name: "orders", rows: 3 },
    ]);
    expect(r).toEqual({
      name: "Tables and row counts match the backup",
      status: "passed",
      message: "1 table, 3 rows, as recorded.",
    });
  });
  it("fails and names a table whose count differs, a missing and an extra table", () => {
    const r = compareTables(
      pg([
        { schema: "public", name: "orders", rows: 3 },
        { schema: "crm", name: "c", rows: 1 },
      ]),
      [
        { schema: "public", name: "orders", rows: 2 },
        { schema: "public", name: "x", rows: 0 },
      ],
    );
    expect(r.status).toBe("failed");
    expect(r.message).toBe(
      "table public.orders has 2 rows, the backup recorded 3; table crm.c is missing; table public.x was not in the backup's manifest.",
    );
  });
  it("warns without a manifest, and on an approximate count that differs", () => {
    expect(compareTables(null, [{ schema: null, name: "t", rows: 1 }])).toMatchObject({
      status: "warning",
      message: `1 table restored; ${NO_MANIFEST_MESSAGE}.`,
    });
    const approx = compareTables(pg([{ schema: "public", name: "t", rows: 5, exact: false }]), [
      { schema: "public", name: "t", rows: 6 },
    ]);
    expect(approx.status).toBe("warning");
  });
  it("compares MariaDB tables by name (the scratch database is another schema)", () => {
    const m = {
      kind: "database" as const,
      engine: "mysql" as const,
      consistent: true,
      tables: [{ schema: "shop", name: "items", rows: 4, exact: true }],
    };
    expect(compareTables(m, [{ schema: null, name: "items", rows: 4 }]).status).toBe("passed");
  });
});

describe("folder and smoke checks", () => {
  it("compares files and bytes", () => {
    const m = { kind: "directory" as const, fileCount: 2, totalBytes: 10 };
    expect(compareFolder(m, { fileCount: 2, totalBytes: 10 }).status).toBe("passed");
    expect(compareFolder(m, { fileCount: 1, totalBytes: 10 }).message).toBe("1 file restored, the backup recorded 2.");
    expect(compareFolder(undefined, { fileCount: 1, totalBytes: 1 }).status).toBe("warning");
  });
  it("names missing required paths", () => {
    expect(requiredPathsCheck(["a", "b/"], ["b/"])).toMatchObject({
      status: "failed",
      message: "Missing from the restored copy: b/.",
    });
  });
  it("reads a smoke query's first value against its expectation", () => {
    expect(smokeQueryCheck({ sql: "select 1", expect: "nonzero" }, "1").status).toBe("passed");
    expect(smokeQueryCheck({ sql: "select 0", expect: "nonzero" }, "0").status).toBe("failed");
    expect(smokeQueryCheck({ sql: "select x", expect: "zero" }, null).status).toBe("passed");
    expect(smokeQueryCheck({ sql: "select x", expect: "zero" }, "3").message).toBe("Returned 3, expected zero.");
  });
});
