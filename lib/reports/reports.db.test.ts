/* Reports on seeded data (PGlite and PostgreSQL): every figure of GET /api/v1/reports for a past week
 * with known backups, slots, deletions, restores, alerts and prices; the project filter; bad queries;
 * the CSV parsed back; the PDF rendered to PNG with poppler's pdftoppm (test-results/reports/). */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import {
  alerts,
  appSettings,
  backupSettings,
  backupSnapshots,
  backups,
  destinations,
  environments,
  projects,
  restores,
  scheduleRuns,
} from "@/lib/db/schema";
import { GET } from "@/app/api/v1/reports/route";
import { PRICES_KEY } from "./destination-prices";
import type { Report, ReportEnvironment } from "./schema";

const H = 3_600_000;
const DAY = 24 * H;
const MIB = 1024 * 1024;
const D0 = new Date(Math.floor(Date.now() / DAY) * DAY - 14 * DAY); // a UTC midnight two weeks ago
const END = new Date(D0.getTime() + 7 * DAY);
const t = (days: number, minutes = 0) => new Date(D0.getTime() + days * DAY + minutes * 60_000);
const ids = {
  acme: randomUUID(),
  blog: randomUUID(),
  prod: randomUUID(),
  staging: randomUUID(),
  dev: randomUUID(),
  disk: randomUUID(),
  s3: randomUUID(),
};
const day = (d: Date) => d.toISOString().slice(0, 10);
const period = `from=${day(D0)}&to=${day(new Date(END.getTime() - DAY))}`; // bare `to` = end of that day
let viewer: TestUser;

async function seed() {
  const db = getDb();
  const old = t(-30);
  await db.insert(projects).values([
    { id: ids.acme, name: "Acme Shop", slug: "acme-shop" },
    { id: ids.blog, name: "Blog", slug: "blog" },
  ]);
  await db.insert(environments).values([
    { id: ids.prod, projectId: ids.acme, name: "Production", slug: "production", type: "production", createdAt: old },
    { id: ids.staging, projectId: ids.acme, name: "Staging", slug: "staging", type: "staging", createdAt: old },
    { id: ids.dev, projectId: ids.blog, name: '=Dev, "blue"', slug: "dev", type: "development", createdAt: t(-90) },
  ]);
  await db.insert(backupSettings).values([
    { environmentId: ids.prod, schedules: [{ cron: "0 2 * * *", timezone: "UTC" }], updatedAt: old },
    { environmentId: ids.staging, schedules: [], updatedAt: old },
    { environmentId: ids.dev, schedules: [], updatedAt: old },
  ]);
  await db.insert(destinations).values([
    { id: ids.disk, name: "Disk", type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: "x" },
    { id: ids.s3, name: "Offsite", type: "s3", config: {}, repoPasswordEnc: "x" },
  ]);
  type Row = typeof backups.$inferInsert;
  const b = (env: string, startedAt: Date, status: Row["status"], extra: Partial<Row> = {}): Row & { id: string } => ({
    id: randomUUID(),
    environmentId: env,
    status,
    trigger: "scheduled",
    createdAt: startedAt,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 10 * 60_000),
    ...extra,
  });
  // Production, daily at 02:00: days 0–4 good and on time, day 5 failed on time, day 6 good but 40 min
  // late; a manual partial one on day 3; the day before the period good; day 0's backup deleted on day 3.
  const before = b(ids.prod, t(-1, 122), "succeeded");
  const daily = [0, 1, 2, 3, 4, 5, 6].map((d) =>
    b(ids.prod, t(d, d === 6 ? 160 : 122), d === 5 ? "failed" : "succeeded", d === 0 ? { deletedAt: t(3) } : {}),
  );
  const manual = b(ids.prod, t(3, 600), "partial", { trigger: "manual" });
  const safety = b(ids.prod, t(4, 700), "failed", { trigger: "safety" }); // not the schedule's: left out
  const devOld = b(ids.dev, t(-60), "succeeded", { trigger: "manual" });
  await db.insert(backups).values([before, ...daily, manual, safety, devOld]);
  await db
    .insert(scheduleRuns)
    .values(
      daily.map((x, d) => ({ environmentId: ids.prod, scheduleKey: "0 2 * * *|UTC", slot: t(d, 120), backupId: x.id })),
    );
  const snap = (backupId: string, destinationId: string, addedBytes: number) => ({
    backupId,
    sourceId: randomUUID(),
    destinationId,
    sourceName: "db",
    sourceType: "postgres",
    status: "succeeded" as const,
    snapshotId: randomUUID().replaceAll("-", ""),
    addedBytes,
  });
  await db
    .insert(backupSnapshots)
    .values([
      snap(before.id, ids.disk, 10 * MIB),
      ...[0, 1, 2, 3, 4, 6].map((d) => snap(daily[d]!.id, ids.disk, MIB)),
      snap(daily[6]!.id, ids.s3, 2 * MIB),
      snap(devOld.id, ids.disk, 3 * MIB),
    ]);
  await db.insert(restores).values({
    backupId: daily[2]!.id,
    targetEnvironmentId: ids.staging,
    scope: "full",
    status: "succeeded",
    createdAt: t(5),
    startedAt: t(5),
    finishedAt: t(5, 5),
  });
  await db.insert(alerts).values([
    { kind: "check_failed", severity: "critical", message: "x", environmentId: ids.prod },
    { kind: "check_failed", severity: "critical", message: "x", environmentId: ids.staging, resolvedAt: t(1) },
  ]);
  await db.insert(appSettings).values({ key: PRICES_KEY, value: { [ids.disk]: 100 } });
}

beforeAll(async () => {
  await seed();
  viewer = await seedUser("viewer");
});

async function report(query: string): Promise<Report> {
  const r = await call(GET as never, { path: `/api/v1/reports?${query}`, token: viewer.token });
  expect(r.status, r.text).toBe(200);
  return r.json as Report;
}
const envOf = (r: Report, id: string) => r.environments.find((e) => e.environmentId === id) as ReportEnvironment;

describe("GET /api/v1/reports (json)", () => {
  it("computes production's figures", async () => {
    const r = await report(period);
    expect(r.period).toEqual({ from: D0.toISOString(), to: END.toISOString() });
    const p = envOf(r, ids.prod);
    expect(p).toMatchObject({
      name: "Production",
      projectName: "Acme Shop",
      backupsMade: 8,
      backupsSucceeded: 6,
      backupsFailed: 1,
      backupsPartial: 1,
      successRate: 0.75,
      scheduledSlots: 7,
      slotsOnTime: 6,
      adherencePercent: 85.7,
      rpoTargetSeconds: 24 * 3600, // the production default (lib/environments/rpo-target.ts)
      rpoAchievedSeconds: (48 * 60 + 38) * 60, // day 4 02:12 → day 6 02:50
      storageBytes: 17 * MIB, // before (10) + days 1–4 (4) + day 6 (1 + 2); day 0 was deleted
      growthBytes: 7 * MIB,
      costEstimate: 1.46, // 15 MiB on Disk at 100 per GiB-month; Offsite has no price
      restores: 0,
      compliance: { rpoMet: false, testRestoreWithin30d: true, checksGreen: false, offsiteCopy: true },
    });
  });

  it("computes staging's and development's figures and the recommendations", async () => {
    const r = await report(period);
    const s = envOf(r, ids.staging);
    expect(s).toMatchObject({ backupsMade: 0, successRate: null, scheduledSlots: 0, adherencePercent: null });
    expect(s).toMatchObject({ rpoAchievedSeconds: 7 * 86400, restores: 1, storageBytes: 0, costEstimate: null });
    expect(s.compliance).toEqual({ rpoMet: true, testRestoreWithin30d: false, checksGreen: true, offsiteCopy: false });
    const d = envOf(r, ids.dev);
    expect(d).toMatchObject({ storageBytes: 3 * MIB, growthBytes: 0, costEstimate: 0.29 });
    expect(d.rpoAchievedSeconds).toBe(7 * 86400 + 60 * 86400 - 600); // its last good backup was 60 days before
    const recs = r.recommendations.join("\n");
    expect(recs).toContain("Acme Shop / Production went 48.6 h without a good backup (target 24 h)");
    expect(recs).toContain("Acme Shop / Production: 2 of 8 backups did not succeed");
    expect(recs).toContain("Acme Shop / Production ran 6 of 7 scheduled backups on time (85.7 %)");
    expect(recs).toContain("Acme Shop / Staging has no schedule");
    expect(recs).toContain("Acme Shop / Staging has no off-site copy");
    expect(recs).toContain('Blog / =Dev, "blue" keeps 67 days of backups nobody restored');
    expect(recs).not.toContain("Production has not been restored");
    expect(r.recommendations[0]).toMatch(/Production went/); // worst first
  });

  it("filters by project and refuses bad queries with a clear message", async () => {
    const r = await report(`${period}&projectId=${ids.acme}`);
    expect(r.environments.map((e) => e.name).sort()).toEqual(["Production", "Staging"]);
    const bad = async (q: string) => await call(GET as never, { path: `/api/v1/reports?${q}`, token: viewer.token });
    const reversed = await bad(`from=${day(END)}&to=${day(D0)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.message).toMatch(/from must be before to/);
    expect((await bad("from=yesterday")).json.error.fields.from).toMatch(/YYYY-MM-DD/);
    expect((await bad("format=xls")).json.error.fields.format).toMatch(/json, csv or pdf/);
    expect((await bad(`projectId=${randomUUID()}`)).status).toBe(404);
    expect((await call(GET as never, { path: "/api/v1/reports" })).status).toBe(401);
  });
});

/** RFC 4180 rows (quoted fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("GET /api/v1/reports?format=csv", () => {
  it("is a CSV attachment whose columns parse back to the JSON figures", async () => {
    const r = await call(GET as never, { path: `/api/v1/reports?${period}&format=csv`, token: viewer.token });
    expect(r.status).toBe(200);
    const rows = parseCsv(r.text);
    const [head, ...body] = rows;
    expect(head).toEqual([
      "project",
      "environment",
      "type",
      "period_from",
      "period_to",
      "backups_made",
      "backups_succeeded",
      "backups_failed",
      "backups_partial",
      "success_rate_percent",
      "scheduled_slots",
      "slots_on_time",
      "adherence_percent",
      "rpo_target_hours",
      "rpo_achieved_hours",
      "rpo_met",
      "storage_bytes",
      "growth_bytes",
      "cost_estimate",
      "restores",
      "test_restore_within_30d",
      "checks_green",
      "offsite_copy",
      "environment_id",
    ]);
    expect(body).toHaveLength(3);
    const rec = (id: string) => Object.fromEntries(head!.map((h, i) => [h, body.find((b) => b.at(-1) === id)![i]]));
    expect(rec(ids.prod)).toMatchObject({
      project: "Acme Shop",
      backups_made: "8",
      success_rate_percent: "75",
      adherence_percent: "85.7",
      rpo_target_hours: "24",
      rpo_achieved_hours: "48.6",
      rpo_met: "false",
      storage_bytes: String(17 * MIB),
      growth_bytes: String(7 * MIB),
      cost_estimate: "1.46",
      offsite_copy: "true",
      period_from: D0.toISOString(),
    });
    expect(rec(ids.staging)).toMatchObject({ success_rate_percent: "", adherence_percent: "", cost_estimate: "" });
    expect(rec(ids.dev).environment).toBe('\'=Dev, "blue"'); // quoted, and not a formula
  });
});

describe("GET /api/v1/reports?format=pdf", () => {
  it("is a real PDF that poppler renders", async () => {
    const req = new Request(`http://127.0.0.1/api/v1/reports?${period}&format=pdf`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    const res = await GET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="lifeboat-report-all-.*\.pdf"/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = path.join(process.cwd(), "test-results", "reports", process.env.LIFEBOAT_TEST_DB ?? "db");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "report.pdf"), pdf);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "80",
      "-singlefile",
      path.join(dir, "report.pdf"),
      path.join(dir, "report"),
    ]);
    const png = fs.readFileSync(path.join(dir, "report.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(20_000);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "report.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain("Lifeboat backup report");
    expect(text).toContain("Production");
    expect(text).toContain("85.7 %");
    expect(text).toContain("went 48.6 h without a good backup");
    expect(text).toContain('Blog / =Dev, "blue" went 67 d without a good backup (target 7 d)');
    expect(text).toMatch(/Page 1 of 1/);
    const last = new Date(END.getTime() - 1).toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });
    expect(text).toContain(`– ${last} (UTC)`);
  });
});

describe("a report over many environments", () => {
  it("stays quick and its PDF repeats the table header on the next pages", async () => {
    const db = getDb();
    const projectId = randomUUID();
    await db.insert(projects).values({ id: projectId, name: "Fleet", slug: "fleet" });
    const envs = Array.from({ length: 80 }, (_, i) => ({
      id: randomUUID(),
      projectId,
      name: `site-${String(i).padStart(2, "0")}`,
      slug: `site-${i}`,
      type: "staging" as const,
      createdAt: t(-30),
    }));
    await db.insert(environments).values(envs);
    // Hourly schedules for all of them: 80 × 168 slots for the cron walk.
    await db.insert(backupSettings).values(
      envs.map((e) => ({
        environmentId: e.id,
        schedules: [{ cron: "0 * * * *", timezone: "UTC" }],
        updatedAt: t(-30),
      })),
    );
    const started = performance.now();
    const req = new Request(`http://127.0.0.1/api/v1/reports?${period}&projectId=${projectId}&format=pdf`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    const res = await GET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(20_000); // loaded machine; guards against per-row queries
    const dir = path.join(process.cwd(), "test-results", "reports", process.env.LIFEBOAT_TEST_DB ?? "db");
    const file = path.join(dir, "fleet.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).toBe(3); // 80 rows over three pages; the grouped recommendations fit on the last
    for (const p of pages.slice(0, 2)) expect(p).toMatch(/Project\s+Environment\s+Type/);
    expect(text).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(text).toContain("site-79");
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "2",
      "-l",
      "2",
      "-singlefile",
      file,
      path.join(dir, "fleet-page2"),
    ]);
    const json = await report(`${period}&projectId=${projectId}`);
    expect(json.environments).toHaveLength(80);
    expect(json.environments[0]).toMatchObject({ scheduledSlots: 168, slotsOnTime: 0, adherencePercent: 0 });
    // 80 environments with the same problems: one line per problem, naming the first five.
    expect(json.recommendations).toContain(
      "80 environments have no off-site copy (add an S3, SFTP or REST destination): " +
        "Fleet / site-00, Fleet / site-01, Fleet / site-02, Fleet / site-03, Fleet / site-04 and 75 more.",
    );
    expect(json.recommendations.length).toBeLessThanOrEqual(3);
  });
});
