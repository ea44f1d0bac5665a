/* Re-keys of a destination's repository (lib/keys/rekey): restic cannot change a repository's master
 * key, so a re-key makes a NEW repository next to the old one, copies every snapshot into it and then
 * switches the destination to it in one transaction. One row per re-key, the subject of its `rekey` job.
 * `step` is the last step that completed (a retried job resumes after it). Before `switched` the
 * destination still names the old repository; from `switched` on it names the new one and the old one's
 * location and password live here (`oldConfig`, `oldPasswordEnc`) until `deleteAfter`, when the sweeper
 * deletes it (`oldDeletedAt`, status `done`). At most one re-key per destination is queued or running. */
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { destinations } from "./destinations";

export const REKEY_STEPS = ["queued", "prepared", "initialized", "copied", "checked", "compared", "switched"] as const;
export type RekeyStep = (typeof REKEY_STEPS)[number];
export type RekeyStatus = "queued" | "running" | "switched" | "done" | "failed" | "cancelled";

export const repositoryRekeys = pgTable(
  "repository_rekeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    destinationId: uuid("destination_id")
      .notNull()
      .references(() => destinations.id, { onDelete: "cascade" }),
    jobId: uuid("job_id"),
    status: text("status").$type<RekeyStatus>().notNull().default("queued"),
    step: text("step").$type<RekeyStep>().notNull().default("queued"),
    /** the new repository's destination config (same type as the destination) and its sealed password */
    newConfig: jsonb("new_config").$type<Record<string, unknown>>().notNull(),
    newPasswordEnc: text("new_password_enc").notNull(),
    /** filled at the switch: where the old repository is and its sealed password, until it is deleted */
    oldConfig: jsonb("old_config").$type<Record<string, unknown>>(),
    oldPasswordEnc: text("old_password_enc"),
    /** old snapshot id → new snapshot id, from the copies' `original` field */
    snapshotMap: jsonb("snapshot_map").$type<Record<string, string>>(),
    /** restic's repository ids (`cat config`): they differ, and so do the master keys */
    oldRepositoryId: text("old_repository_id"),
    newRepositoryId: text("new_repository_id"),
    keepOldDays: integer("keep_old_days").notNull().default(7),
    deleteAfter: timestamp("delete_after", { withTimezone: true }),
    oldDeletedAt: timestamp("old_deleted_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    switchedAt: timestamp("switched_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    error: jsonb("error").$type<{ message: string } | null>(),
  },
  (t) => [
    index("repository_rekeys_dest_created_idx").on(t.destinationId, t.createdAt),
    index("repository_rekeys_delete_idx").on(t.deleteAfter).where(sql`status = 'switched'`),
    // One re-key at a time per destination: a second request finds this one.
    uniqueIndex("repository_rekeys_one_active_idx").on(t.destinationId).where(sql`status in ('queued', 'running')`),
  ],
);
