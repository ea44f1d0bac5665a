/* GET /metrics through the real route handler against a seeded database (PGlite and PostgreSQL): off
 * (404) without LIFEBOAT_METRICS_TOKEN, 401 with a wrong or missing token, and with the right one a
 * Prometheus text body that Debian's `promtool check metrics` accepts and whose values are the seeded
 * facts (last good backup, results, sizes, counts, destinations, jobs, open alerts). The shipped alerting
 * rules and Grafana dashboard are checked by promtool too. */
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import {
  alerts,
  auditLog,
  backupSnapshots,
  backups,
  destinations,
  environments,
  jobs,
  projects,
} from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { GET } from "@/app/metrics/route";

const TOKEN = "metrics-token-for-tests-0123456789";
const now = Date.now();
const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
const ids = {
  project: randomUUID(),
  prod: randomUUID(),
  staging: randomUUID(),
  dest: randomUUID(),
  down: randomUUID(),
  old: randomUUID(),
  flaky: randomUUID(),
};

function setToken(v: string | undefined) {
  if (v === undefined) delete process.env.LIFEBOAT_METRICS_TOKEN;
  else process.env.LIFEBOAT_METRICS_TOKEN = v;
  resetEnvCache();
}

const scrape = (token?: string) => call(GET as never, { path: "/metrics", token });

/** `name{a="b",…}` → value, for the sample lines of a text exposition. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

beforeAll(async () => {
  const db = getDb();
  await db.insert(projects).values({ id: ids.project, name: "Acme Shop", slug: "acme-shop" });
  await db.insert(environments).values([
    { id: ids.prod, projectId: ids.project, name: "Production", slug: "production", type: "production" },
    { id: ids.staging, projectId: ids.project, name: "Staging", slug: "staging", type: "staging", active: false },
  ]);
  await db.insert(destinations).values([
    { id: ids.dest, name: "Disk", type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: "x", isDefault: true },
    { id: ids.down, name: "Offsite S3", type: "s3", config: {}, repoPasswordEnc: "x" },
    { id: ids.old, name: "Recovered", type: "sftp", config: {}, repoPasswordEnc: "x" },
    { id: ids.flaky, name: "Flaky", type: "rest", config: {}, repoPasswordEnc: "x" },
  ]);
  const b = (
    h: number,
    status: "succeeded" | "failed" | "partial",
    extra: Partial<typeof backups.$inferInsert> = {},
  ) => ({
    id: randomUUID(),
    environmentId: ids.prod,
    status,
    trigger: "scheduled" as const,
    createdAt: at(h),
    startedAt: at(h),
    finishedAt: new Date(at(h).getTime() + 90_000),
    totalBytes: 5_000_000,
    addedBytes: 1_000,
    ...extra,
  });
  const good = b(26, "succeeded", { totalBytes: 7_340_032, addedBytes: 65_536 });
  const rows = [
    b(50, "succeeded", { deletedAt: at(1) }),
    good,
    b(25, "partial"),
    b(2, "failed", { totalBytes: null, addedBytes: null }),
    { ...b(1, "succeeded"), trigger: "safety" as const }, // safety backups are not the environment's result
  ];
  await db.insert(backups).values(rows);
  const snap = (backupId: string, destinationId: string, addedBytes: number) => ({
    backupId,
    sourceId: randomUUID(),
    destinationId,
    sourceName: "db",
    sourceType: "postgres",
    status: "succeeded" as const,
    snapshotId: "a".repeat(64),
    addedBytes,
    finishedAt: at(26),
  });
  await db
    .insert(backupSnapshots)
    .values([
      snap(good.id, ids.dest, 65_536),
      snap(rows[0]!.id, ids.dest, 999),
      snap(good.id, ids.old, 10),
      snap(good.id, ids.flaky, 10),
    ]);
  await db.insert(jobs).values([
    { kind: "backup", status: "queued", environmentId: ids.prod, createdAt: at(0.5) },
    { kind: "backup", status: "queued", environmentId: ids.staging, createdAt: at(0.25) },
    { kind: "restore", status: "running", environmentId: ids.prod, startedAt: at(0.1) },
    { kind: "backup", status: "failed", environmentId: ids.prod, startedAt: at(2), finishedAt: at(1.5) },
    { kind: "verify", status: "succeeded", environmentId: ids.prod, startedAt: at(3), finishedAt: at(2.75) },
  ]);
  await db.insert(alerts).values([
    { kind: "backup_failed", severity: "critical", message: "x", environmentId: ids.prod },
    { kind: "destination_unreachable", severity: "critical", message: "x", destinationId: ids.down },
    { kind: "overdue", severity: "critical", message: "old", environmentId: ids.prod, resolvedAt: at(30) },
  ]);
  await db.insert(auditLog).values([
    {
      action: "destination.verify",
      targetType: "destination",
      targetId: ids.dest,
      outcome: "failure",
      createdAt: at(40),
    },
    {
      action: "destination.verify",
      targetType: "destination",
      targetId: ids.dest,
      outcome: "success",
      createdAt: at(4),
    },
    // A failed verification of a destination written to since (the snapshot 26 h ago) no longer means down.
    {
      action: "destination.verify",
      targetType: "destination",
      targetId: ids.old,
      outcome: "failure",
      createdAt: at(30),
    },
    {
      action: "destination.verify",
      targetType: "destination",
      targetId: ids.flaky,
      outcome: "failure",
      createdAt: at(3),
    },
  ]);
});

afterAll(() => setToken(undefined));

describe("GET /metrics access", () => {
  it("is off (404) without a configured token, 401 with a wrong or missing one", async () => {
    setToken(undefined);
    expect((await scrape(TOKEN)).status).toBe(404);
    setToken("");
    expect((await scrape("")).status).toBe(404);
    setToken(TOKEN);
    expect((await scrape()).status).toBe(401);
    const wrong = await scrape(`${TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(TOKEN);
    expect((await scrape(TOKEN.slice(0, -1))).status).toBe(401);
  });
});

describe("GET /metrics body", () => {
  let text = "";
  let m = new Map<string, number>();
  beforeAll(async () => {
    setToken(TOKEN);
    const r = await scrape(TOKEN);
    expect(r.status, r.text).toBe(200);
    text = r.text;
    m = samples(text);
  });

  it("passes promtool check metrics", () => {
    const res = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(`${res.stdout}${res.stderr}`.trim()).toBe("");
    expect(res.status).toBe(0);
  });

  it("reports the seeded environment facts", () => {
    const prod = 'project="acme-shop",environment="production"';
    const goodFinished = (at(26).getTime() + 90_000) / 1000;
    expect(m.get(`lifeboat_last_good_backup_timestamp_seconds{${prod}}`)).toBeCloseTo(goodFinished, 3);
    expect(m.get(`lifeboat_last_good_backup_size_bytes{${prod}}`)).toBe(7_340_032);
    expect(m.get(`lifeboat_last_good_backup_added_bytes{${prod}}`)).toBe(65_536);
    expect(m.get(`lifeboat_last_good_backup_duration_seconds{${prod}}`)).toBe(90);
    const age = m.get(`lifeboat_last_good_backup_age_seconds{${prod}}`)!;
    expect(age).toBeGreaterThanOrEqual(26 * 3600 - 90);
    expect(age).toBeLessThan(26 * 3600 + 600);
    expect(m.get(`lifeboat_last_backup_success{${prod}}`)).toBe(0); // the newest (non-safety) one failed
    expect(m.get(`lifeboat_last_backup_timestamp_seconds{${prod}}`)).toBeCloseTo((at(2).getTime() + 90_000) / 1000, 3);
    expect(m.get(`lifeboat_backups_total{${prod},status="succeeded"}`)).toBe(3); // deleted and safety count too
    expect(m.get(`lifeboat_backups_total{${prod},status="failed"}`)).toBe(1);
    expect(m.get(`lifeboat_backups_total{${prod},status="partial"}`)).toBe(1);
    expect(m.get(`lifeboat_environment_rpo_seconds{${prod}}`)).toBe(24 * 3600);
    expect(m.get(`lifeboat_environment_info{${prod},type="production",active="true"}`)).toBe(1);
    expect(m.get(`lifeboat_job_last_success_timestamp_seconds{${prod},kind="verify"}`)).toBeCloseTo(
      at(2.75).getTime() / 1000,
      3,
    );
    const staging = 'project="acme-shop",environment="staging"';
    expect(m.get(`lifeboat_environment_info{${staging},type="staging",active="false"}`)).toBe(1);
    expect(m.get(`lifeboat_environment_rpo_seconds{${staging}}`)).toBe(7 * 86400);
    expect(m.has(`lifeboat_last_good_backup_timestamp_seconds{${staging}}`)).toBe(false); // never: no series
    expect(m.get(`lifeboat_backups_total{${staging},status="failed"}`)).toBe(0);
  });

  it("reports destinations, jobs and open alerts", () => {
    expect(m.get('lifeboat_destination_stored_bytes{destination="Disk"}')).toBe(65_536); // deleted backup left out
    expect(m.get('lifeboat_destination_snapshots{destination="Disk"}')).toBe(1);
    expect(m.get('lifeboat_destination_up{destination="Disk"}')).toBe(1);
    expect(m.get('lifeboat_destination_last_verify_success{destination="Disk"}')).toBe(1);
    expect(m.get('lifeboat_destination_info{destination="Disk",type="local",default="true"}')).toBe(1);
    expect(m.get('lifeboat_destination_up{destination="Offsite S3"}')).toBe(0); // open unreachable alert
    expect(m.get('lifeboat_destination_stored_bytes{destination="Offsite S3"}')).toBe(0);
    expect(m.get('lifeboat_destination_up{destination="Recovered"}')).toBe(1); // written to after its failed check
    expect(m.get('lifeboat_destination_up{destination="Flaky"}')).toBe(0); // failed after its last write
    expect(m.get('lifeboat_destination_last_verify_success{destination="Flaky"}')).toBe(0);
    expect(m.get('lifeboat_jobs{kind="backup",status="queued"}')).toBe(2);
    expect(m.get('lifeboat_jobs{kind="restore",status="running"}')).toBe(1);
    expect(m.get('lifeboat_jobs{kind="restore",status="queued"}')).toBe(0);
    const oldest = m.get('lifeboat_job_oldest_queued_age_seconds{kind="backup"}')!;
    expect(oldest).toBeGreaterThanOrEqual(1800);
    expect(oldest).toBeLessThan(1800 + 600);
    expect(m.get('lifeboat_jobs_finished_total{kind="backup",status="failed"}')).toBe(1);
    expect(m.get('lifeboat_job_duration_seconds_total{kind="verify"}')).toBeCloseTo(900, 3);
    expect(m.get('lifeboat_alerts_open{kind="backup_failed"}')).toBe(1);
    expect(m.get('lifeboat_alerts_open{kind="destination_unreachable"}')).toBe(1);
    expect(m.get('lifeboat_alerts_open{kind="overdue"}')).toBe(0); // resolved
  });
});

describe("docs/prometheus/lifeboat-rules.yml", () => {
  it("passes promtool check rules", () => {
    const file = path.join(process.cwd(), "docs/prometheus/lifeboat-rules.yml");
    const out = execFileSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("fires overdue after the RPO (and not for a paused environment) in promtool test rules", () => {
    const file = path.join(process.cwd(), "docs/prometheus/lifeboat-rules.test.yml");
    const res = spawnSync("promtool", ["test", "rules", file], { encoding: "utf8" });
    expect(res.stdout + res.stderr).toContain("SUCCESS");
    expect(res.status).toBe(0);
  });
});

describe("docs/grafana/lifeboat-dashboard.json", () => {
  it("queries only exported metrics, in PromQL that promtool parses", () => {
    const file = path.join(process.cwd(), "docs/grafana/lifeboat-dashboard.json");
    const dash = JSON.parse(fs.readFileSync(file, "utf8")) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll("$project", ".*")));
    expect(exprs.length).toBeGreaterThan(8);
    // Every lifeboat_ name the dashboard asks for is one the endpoint exports.
    const exported =
      fs.readFileSync(path.join(process.cwd(), "lib/metrics/environment-metrics.ts"), "utf8") +
      fs.readFileSync(path.join(process.cwd(), "lib/metrics/operations-metrics.ts"), "utf8");
    for (const name of exprs.flatMap((e) => e.match(/lifeboat_[a-z_]+/g) ?? []))
      expect(exported).toContain(`"${name}"`);
    // promtool has no "check expression"; recording rules named after the panels are parsed the same way.
    const rules = exprs.map(
      (e, i) => `      - record: lifeboat:dashboard_panel_${i}\n        expr: ${JSON.stringify(e)}`,
    );
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lb-dash-")), "panels.yml");
    fs.writeFileSync(tmp, `groups:\n  - name: panels\n    rules:\n${rules.join("\n")}\n`);
    const out = execFileSync("promtool", ["check", "rules", tmp], { encoding: "utf8" });
    expect(out).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
