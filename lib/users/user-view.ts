/* The shape of a user handed to pages and the API (never the password hash). */
import type { users } from "@/lib/db/schema";
import type { Role } from "@/lib/auth/roles";

export type UserView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  disabledAt: string | null;
  /** An admin reset the password; the user has not chosen a new one yet. */
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
};

export function toUserView(row: typeof users.$inferSelect): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
