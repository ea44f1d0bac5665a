/* Lifeboat's view of a queued job (backup, restore, retention, verify, copy): status, progress, log and
 * cancel requests shown in the panel and the API. pg-boss (schema `pgboss`) owns delivery, leases and
 * retries; this row is what people see. `subjectId` is the backup/restore/environment it works on;
 * `workerLabel` says which workers may take it (the UI's "waiting for a worker labelled …"). */
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ErrorInfo } from "./backups";

export type JobKind = "backup" | "restore" | "retention" | "verify" | "copy" | "check" | "test_restore";
export type JobStatus = "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";
/** What every job's progress has; each kind declares its own shape on top (lib/jobs/define-job.ts). */
export type JobProgress = { percent: number; phase?: string; [field: string]: unknown };
export type JobLogLine = { at: string; level: "info" | "warn" | "error"; message: string };

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<JobKind>().notNull(),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    subjectId: uuid("subject_id"),
    environmentId: uuid("environment_id"),
    bossJobId: text("boss_job_id"),
    /** The worker label the job is pinned to (its queue is that label's), or null for any worker. */
    workerLabel: text("worker_label"),
    workerId: text("worker_id"),
    attempts: integer("attempts").notNull().default(0),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    progress: jsonb("progress").$type<JobProgress>(),
    log: jsonb("log").$type<JobLogLine[]>().notNull().default([]),
    error: jsonb("error").$type<ErrorInfo>(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("jobs_subject_idx").on(t.subjectId), index("jobs_status_idx").on(t.status)],
);
