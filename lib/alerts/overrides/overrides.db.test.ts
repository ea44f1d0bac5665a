/* Alert-rule overrides on a real database (PGlite and PostgreSQL): a project switches backup_failed off
 * for its environments and one environment switches it back on; an environment's job_stuck threshold
 * replaces the default inside the rule's query; a kind raised through syncAlertConditions is dropped
 * for a project that switched it off; GET says what is inherited and from where; PUT validates (overdue
 * takes no threshold: it is the RPO) and is for operators. */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as envRulesRoute from "@/app/api/v1/environments/[id]/alert-rules/route";
import * as projectRulesRoute from "@/app/api/v1/projects/[id]/alert-rules/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backups, environments, jobs, projects } from "@/lib/db/schema";
import { evaluateAlerts, syncAlertConditions } from "../index";
import { defaultRuleOptions } from "../rules";
import { backupFailedRule } from "../rules/backup-failed";
import { jobStuckRule } from "../rules/job-stuck";

let users: Record<Role, TestUser>;
beforeAll(async () => {
  users = await seedRoles();
});

async function seedProject(envNames: string[]) {
  const [p] = await getDb()
    .insert(projects)
    .values({ name: "Overrides", slug: `o-${randomBytes(4).toString("hex")}` })
    .returning();
  const envs = [];
  for (const name of envNames) {
    const [e] = await getDb()
      .insert(environments)
      .values({ projectId: p!.id, name, slug: name, type: "staging" })
      .returning();
    envs.push(e!);
  }
  return { project: p!, envs };
}

const put = (route: typeof envRulesRoute, id: string, body: unknown, user: TestUser) =>
  call(route.PUT, { method: "PUT", token: user.token, params: { id }, body });

describe("overrides", () => {
  it("project off, one environment back on: only that one alerts; GET names the sources", async () => {
    const { project, envs } = await seedProject(["alpha", "beta"]);
    for (const e of envs)
      await getDb()
        .insert(backups)
        .values({ environmentId: e.id, status: "failed", trigger: "scheduled", finishedAt: new Date() });
    const ids = new Set(envs.map((e) => e.id));
    const mine = (r: { opened: Record<string, any>[] }) =>
      r.opened.filter((a) => ids.has(a.environment_id ?? "")).map((a) => a.environment_id);

    expect(
      (await put(projectRulesRoute, project.id, { rules: [{ kind: "backup_failed", enabled: false }] }, users.operator))
        .status,
    ).toBe(200);
    expect(
      (await put(envRulesRoute, envs[1]!.id, { rules: [{ kind: "backup_failed", enabled: true }] }, users.operator))
        .status,
    ).toBe(200);
    const r = await evaluateAlerts({ rules: [backupFailedRule] });
    expect(mine(r)).toEqual([envs[1]!.id]);

    const alpha = await call(envRulesRoute.GET, { token: users.viewer.token, params: { id: envs[0]!.id } });
    const rule = alpha.json.rules.find((x: { kind: string }) => x.kind === "backup_failed");
    expect(rule).toMatchObject({ enabled: false, source: { enabled: "project" }, inherited: ["enabled"] });
    const beta = await call(envRulesRoute.GET, { token: users.viewer.token, params: { id: envs[1]!.id } });
    expect(beta.json.rules.find((x: { kind: string }) => x.kind === "backup_failed")).toMatchObject({
      enabled: true,
      source: { enabled: "environment" },
      inherited: [],
    });
    const stuck = beta.json.rules.find((x: { kind: string }) => x.kind === "job_stuck");
    expect(stuck).toMatchObject({ enabled: true, threshold: 5, source: { threshold: "default" } });

    // Switching the project back on (PUT replaces its overrides) lets alpha alert too.
    await put(projectRulesRoute, project.id, { rules: [] }, users.operator);
    const r2 = await evaluateAlerts({ rules: [backupFailedRule] });
    expect(mine(r2)).toEqual([envs[0]!.id]);
  });

  it("an environment's job_stuck threshold is used by the rule's query", async () => {
    const { envs } = await seedProject(["gamma"]);
    const beat = new Date("2032-03-01T00:00:00Z");
    const [j] = await getDb()
      .insert(jobs)
      .values({ kind: "backup", status: "running", environmentId: envs[0]!.id, heartbeatAt: beat, startedAt: beat })
      .returning();
    await put(envRulesRoute, envs[0]!.id, { rules: [{ kind: "job_stuck", threshold: 10 }] }, users.operator);
    const at = (min: number) =>
      evaluateAlerts({
        now: new Date(beat.getTime() + min * 60_000),
        rules: [jobStuckRule],
        ruleOptions: defaultRuleOptions(60),
      });
    const mine = (r: { opened: Record<string, any>[] }) => r.opened.filter((a) => a.subject_key === `job:${j!.id}`);
    expect(mine(await at(8))).toHaveLength(0); // the default (5 min) would have fired
    expect(mine(await at(11))).toHaveLength(1);
  });

  it("kinds raised through syncAlertConditions respect a project's switch", async () => {
    const { project, envs } = await seedProject(["delta"]);
    await put(projectRulesRoute, project.id, { rules: [{ kind: "check_failed", enabled: false }] }, users.operator);
    const cond = {
      kind: "check_failed" as const,
      subjectKey: `env:${envs[0]!.id}`,
      environmentId: envs[0]!.id,
      severity: "critical" as const,
      message: "Overrides / delta: the integrity check failed.",
      details: { subject: "Overrides / delta", projectId: project.id },
    };
    expect((await syncAlertConditions(["check_failed"], [cond])).opened).toHaveLength(0);
    await put(projectRulesRoute, project.id, { rules: [] }, users.operator);
    expect((await syncAlertConditions(["check_failed"], [cond])).opened).toHaveLength(1);
  });

  it("validates: overdue has no threshold (the RPO), bounds, unknown kinds, roles", async () => {
    const { envs } = await seedProject(["epsilon"]);
    const id = envs[0]!.id;
    const od = await put(envRulesRoute, id, { rules: [{ kind: "overdue", threshold: 30 }] }, users.operator);
    expect(od.status).toBe(400);
    expect(od.text).toContain("The threshold is the environment's RPO, set on its Disaster recovery tab.");
    const low = await put(envRulesRoute, id, { rules: [{ kind: "job_stuck", threshold: 1 }] }, users.operator);
    expect(low.text).toContain("between 5 and 10080 minutes");
    const unknown = await put(envRulesRoute, id, { rules: [{ kind: "nope", enabled: false }] }, users.operator);
    expect(unknown.text).toContain("kind must be one of");
    expect((await put(envRulesRoute, id, { rules: [] }, users.viewer)).status).toBe(403);
    const missing = await call(envRulesRoute.GET, { token: users.viewer.token, params: { id: crypto.randomUUID() } });
    expect(missing.status).toBe(404);
  });
});
