/* Panel sign-in sessions. next-auth keeps the session in a signed JWT cookie; each JWT carries the id
 * of one row here (`sid`), and requireActor accepts the cookie only while that row is not revoked. So a
 * session can be ended on the server: at sign-out, and for all of a user's other sessions when their
 * password changes or an admin resets it. */
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** why it ended: "sign_out", "password_change", "password_reset" */
    revokedReason: text("revoked_reason"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);
