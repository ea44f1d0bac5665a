/* Key rotations of a destination's repository (lib/keys/rotate): one row per rotation, the subject of
 * its `rotate_key` job. `step` is the last step that completed (the job resumes after it); `oldKeyId`
 * is the key Lifeboat used before, removed at the end; `newKeyId` the key that replaced it. At most one
 * rotation per destination is queued or running. */
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { destinations } from "./destinations";

export const KEY_ROTATION_STEPS = [
  "queued",
  "pending_stored",
  "key_added",
  "verified",
  "stored",
  "old_removed",
] as const;
export type KeyRotationStep = (typeof KEY_ROTATION_STEPS)[number];

export const keyRotations = pgTable(
  "key_rotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    destinationId: uuid("destination_id")
      .notNull()
      .references(() => destinations.id, { onDelete: "cascade" }),
    jobId: uuid("job_id"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] })
      .notNull()
      .default("queued"),
    trigger: text("trigger", { enum: ["scheduled", "manual"] }).notNull(),
    step: text("step").$type<KeyRotationStep>().notNull().default("queued"),
    oldKeyId: text("old_key_id"),
    newKeyId: text("new_key_id"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    error: jsonb("error").$type<{ message: string } | null>(),
  },
  (t) => [
    index("key_rotations_dest_created_idx").on(t.destinationId, t.createdAt),
    // One rotation at a time per destination: a second "Rotate now" (or the schedule) finds this one.
    uniqueIndex("key_rotations_one_active_idx").on(t.destinationId).where(sql`status in ('queued', 'running')`),
  ],
);
