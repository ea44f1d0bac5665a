/* The generated migrations apply on both backends and produce every table the schema declares. */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { dbHandle } from "./client";
import { ensureMigrated } from "./migrate";

describe("migrations", () => {
  it("create every table and are idempotent", async () => {
    await ensureMigrated();
    const rows = await getDb().execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = (rows.rows as { table_name: string }[]).map((r) => r.table_name);
    for (const t of ["users", "projects", "environments", "sources", "destinations", "backups", "jobs", "audit_log"]) {
      expect(names).toContain(t);
    }
    expect(dbHandle().kind).toBe(process.env.LIFEBOAT_TEST_DB === "postgres" ? "postgres" : "pglite");
  });
});
