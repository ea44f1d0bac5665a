/* Destinations: restic repositories (local, s3, sftp, rest). The repository password is generated at
 * creation (32 random bytes) and sealed in `repoPasswordEnc`; provider secrets (S3 keys, SSH key) are
 * sealed in `secretsEnc`. Exactly one destination may be the global default (`isDefault`).
 * Key rotation (lib/keys): `pendingRepoPasswordEnc` holds a new password from before `restic key add`
 * until it is promoted into `repoPasswordEnc` (so a crash at any step leaves a password that opens the
 * repository); `keyRotatedAt` is when Lifeboat's key last changed; `keyRotationDays` (null: off) asks
 * for a scheduled rotation that often. */
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const destinations = pgTable("destinations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  type: text("type", { enum: ["local", "s3", "sftp", "rest"] }).notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull(),
  secretsEnc: text("secrets_enc"),
  repoPasswordEnc: text("repo_password_enc").notNull(),
  pendingRepoPasswordEnc: text("pending_repo_password_enc"),
  keyRotatedAt: timestamp("key_rotated_at", { withTimezone: true }),
  keyRotationDays: integer("key_rotation_days"),
  isDefault: boolean("is_default").notNull().default(false),
  initializedAt: timestamp("initialized_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
