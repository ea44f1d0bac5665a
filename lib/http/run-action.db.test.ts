/* runAction: without a session (a forged call outside the panel) it refuses before validating or
 * touching anything; with an actor it validates with the schema and maps service errors to results. */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { seedUser } from "@/lib/auth/test-fixtures";
import { ensureRole } from "@/lib/auth/require-actor";
import { createProject, deleteProject, ZCreateProject } from "@/lib/projects";
import { createEnvironment } from "@/lib/environments";
import { runAction, runActionAs } from "./run-action";

async function projectCount(): Promise<number> {
  return ((await getDb().execute(sql`select count(*)::int as n from projects`)).rows[0] as { n: number }).n;
}

describe("runAction", () => {
  it("refuses a call without a session and changes nothing", async () => {
    let called = false;
    const r = await runAction("viewer", ZCreateProject, { name: "Forged" }, async (d, a) => {
      called = true;
      return createProject(d, a);
    });
    expect(r).toEqual({ ok: false, error: { code: "unauthenticated", message: expect.stringContaining("Sign in") } });
    expect(called).toBe(false);
    expect(await projectCount()).toBe(0);
  });

  it("refuses a role that is too low, audited, and changes nothing", async () => {
    const viewer = await seedUser("viewer");
    const r = await runActionAs(
      () => ensureRole(viewer.actor, "admin", { action: "project.create" }),
      ZCreateProject,
      { name: "P" },
      (d, a) => createProject(d, a),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("forbidden");
    expect(await projectCount()).toBe(0);
    const denied = await getDb().execute(
      sql`select action from audit_log where outcome = 'denied' and actor_email = ${viewer.email}`,
    );
    expect(denied.rows).toEqual([{ action: "project.create" }]);
  });

  it("returns field errors for bad input and the service's message for refusals", async () => {
    const admin = await seedUser("admin");
    const as = () => Promise.resolve(admin.actor);
    const bad = await runActionAs(as, ZCreateProject, { name: "  " }, (d, a) => createProject(d, a));
    expect(bad).toMatchObject({ ok: false, error: { code: "validation_failed", fields: { name: "Enter a name" } } });
    const ok = await runActionAs(as, ZCreateProject, { name: "Shop" }, (d, a) => createProject(d, a));
    expect(ok).toMatchObject({ ok: true, data: { slug: "shop" } });
    if (!ok.ok) throw new Error("unreachable");
    await createEnvironment(ok.data.id, { name: "production", type: "production" }, admin.actor);
    const refused = await runActionAs(as, ZCreateProject.pick({}), {}, () => deleteProject(ok.data.id, admin.actor));
    expect(refused).toEqual({
      ok: false,
      error: { code: "in_use", message: "Project Shop still has 1 environment: production. Delete it first." },
    });
  });
});
