/* Users (local, or signed in through OpenID Connect), their scoped API tokens and the counters behind sign-in rate limiting. Password and token values are
 * stored only as hashes (argon2id for passwords, sha256 for high-entropy tokens). */
import { boolean, integer, pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["admin", "operator", "viewer"] }).notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  /** Set by an admin's password reset: the user must choose a new password before doing anything else. */
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  /** Single sign-on: `<issuer> <sub>` of the OpenID Connect account this user signs in with (null: local
   * only). Such a user is created at its first sign-in with an unusable password hash. */
  oidcSubject: text("oidc_subject").unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull().unique(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Narrowing of the owner's role (lib/api-tokens/token-scope.ts): only GET/HEAD when read-only;
     * only these projects' resources when projectIds is set; refused after expiresAt. */
    readOnly: boolean("read_only").notNull().default(false),
    projectIds: uuid("project_ids").array(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

/** Fixed-window counters keyed by e.g. `login:<email>` or `login-ip:<ip>`; shared by every node. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull().default(0),
  resetAt: timestamp("reset_at", { withTimezone: true }).notNull(),
});
