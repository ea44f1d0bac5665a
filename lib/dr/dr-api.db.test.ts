/* GET|PUT /api/v1/environments/{id}/dr through the route handlers (PGlite and PostgreSQL): the API.md
 * contract fields, roles (viewer reads, only an admin edits), validation messages, the audit entry; and
 * the runbook built from real rows (an S3 destination with keys, a PostgreSQL source with a password)
 * carries the environment's commands and none of its secrets. */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { auditLog, backups, destinations, environments, projects, sources } from "@/lib/db/schema";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { sealJson, sealSecret } from "@/lib/secrets";
import * as drRoute from "@/app/api/v1/environments/[id]/dr/route";
import { buildRunbook } from "./runbook";

let users: Record<Role, TestUser>;
let envId: string;
let backupId: string;
const REPO_PASSWORD = `repo-pw-${randomBytes(8).toString("hex")}`;
const SECRET_KEY = `s3-secret-${randomBytes(8).toString("hex")}`;
const DB_PASSWORD = `db-pw-${randomBytes(8).toString("hex")}`;

beforeAll(async () => {
  users = await seedRoles();
  const db = getDb();
  const [d] = await db
    .insert(destinations)
    .values({
      name: `Offsite ${randomBytes(2).toString("hex")}`,
      type: "s3",
      config: { endpoint: "https://s3.example.test", bucket: "acme-backups", region: "eu-central-1" },
      secretsEnc: sealJson({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET_KEY }),
      repoPasswordEnc: sealSecret(REPO_PASSWORD),
    })
    .returning();
  const slug = `dr-api-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: "Acme", slug, defaultDestinationId: d!.id }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "production", slug: "production", type: "production" })
    .returning();
  envId = e!.id;
  await db.insert(sources).values({
    environmentId: envId,
    name: "shop-db",
    type: "postgres",
    config: { host: "db.internal", port: 5432, database: "shop", user: "shop" },
    secretsEnc: sealJson({ password: DB_PASSWORD }),
  });
  const at = new Date(Date.now() - 3_600_000);
  const [b] = await db
    .insert(backups)
    .values({ environmentId: envId, status: "succeeded", trigger: "scheduled", createdAt: at, finishedAt: at })
    .returning();
  backupId = b!.id;
});

describe("GET /api/v1/environments/{id}/dr", () => {
  it("returns the contract fields to a viewer", async () => {
    const r = await call(drRoute.GET, { token: users.viewer.token, params: { id: envId } });
    expect(r.status).toBe(200);
    expect(r.json.targets).toEqual({ rpoSeconds: 86400, rtoSeconds: 3600 });
    expect(Object.keys(r.json.measured).sort()).toEqual(
      ["lastGoodBackupAt", "lastGoodBackupId", "lastTestRestore", "worstGapSeconds30d"].sort(),
    );
    expect(r.json.measured.lastTestRestore).toBeNull();
    expect(typeof r.json.measured.worstGapSeconds30d).toBe("number");
    expect(r.json.status).toBe("at_risk"); // never test-restored
    expect(["ok", "at_risk", "failing"]).toContain(r.json.status);
  });

  it("answers 404 for an unknown environment and 401 without a token", async () => {
    const r = await call(drRoute.GET, {
      token: users.viewer.token,
      params: { id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(r.status).toBe(404);
    expect((await call(drRoute.GET, { params: { id: envId } })).status).toBe(401);
  });
});

describe("PUT /api/v1/environments/{id}/dr", () => {
  it("is for admins only", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const r = await call(drRoute.PUT, {
        method: "PUT",
        token: users[role].token,
        params: { id: envId },
        body: { critical: true },
      });
      expect(r.status).toBe(403);
    }
  });

  it("validates with specific messages", async () => {
    const put = (body: unknown) =>
      call(drRoute.PUT, { method: "PUT", token: users.admin.token, params: { id: envId }, body });
    const frac = await put({ rpoSeconds: 1.5 });
    expect(frac.status).toBe(400);
    expect(frac.json.error.fields.rpoSeconds).toBe("The RPO target is a whole number of seconds");
    expect((await put({ rtoSeconds: 10 })).json.error.fields.rtoSeconds).toBe(
      "The RTO target must be at least 1 minute (60 seconds)",
    );
    expect((await put({ rpoSeconds: 100 * 86400 })).json.error.fields.rpoSeconds).toMatch(/at most 90 days/);
    expect((await put({ rpoSeconds: "1h" })).json.error.fields.rpoSeconds).toMatch(/number of seconds/);
    expect((await put({ critical: "yes" })).json.error.fields.critical).toBe("critical is true or false");
    const empty = await put({});
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toMatch(/at least one of rpoSeconds, rtoSeconds or critical/);
    expect((await put({ rpo: 3600 })).status).toBe(400);
  });

  it("saves, answers with the new view and writes an audit entry", async () => {
    const r = await call(drRoute.PUT, {
      method: "PUT",
      token: users.admin.token,
      params: { id: envId },
      body: { rpoSeconds: 7200, critical: true },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ critical: true, targets: { rpoSeconds: 7200, rtoSeconds: 900 } });
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "environment.dr_targets"), eq(auditLog.targetId, envId)));
    expect(audit).toMatchObject({ actorEmail: users.admin.email, outcome: "success" });
    expect(audit!.details).toMatchObject({ after: { rpoSeconds: 7200, rtoSeconds: null, critical: true } });
  });
});

describe("runbook", () => {
  it("fills in the environment's sources and commands without any secret", async () => {
    const rb = await buildRunbook(envId, { origin: "https://lifeboat.example.test" });
    const text = JSON.stringify(rb);
    for (const secret of [REPO_PASSWORD, SECRET_KEY, DB_PASSWORD]) expect(text).not.toContain(secret);
    expect(rb.sources).toEqual([
      expect.objectContaining({ name: "shop-db", where: "shop on db.internal:5432 as shop" }),
    ]);
    expect(rb.backup?.id).toBe(backupId);
    expect(rb.restoreCurl).toContain(`https://lifeboat.example.test/api/v1/backups/${backupId}/restore`);
    const [dest] = rb.destinations;
    expect(dest!.env).toEqual(
      expect.arrayContaining([
        { name: "RESTIC_REPOSITORY", value: "s3:https://s3.example.test/acme-backups" },
        { name: "RESTIC_PASSWORD", value: null },
        { name: "AWS_SECRET_ACCESS_KEY", value: null },
      ]),
    );
    const commands = dest!.commands.join("\n");
    expect(commands).toContain("restic -r s3:https://s3.example.test/acme-backups");
    expect(commands).toMatch(/dump latest --tag source:[0-9a-f-]+ \/shop\.pgdump \| pg_restore .*--host=db\.internal/);
  });
});
