/* Admins change a user's name, role, password or enabled state. The last enabled admin can be neither
 * demoted nor disabled (nobody could administer Lifeboat any more), and admins cannot disable or demote
 * themselves (another admin must). Disabling also revokes nothing: requireActor re-reads the user, so a
 * disabled user's session and tokens stop working at once and work again when re-enabled. */
import "server-only";
import { and, count, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { ZRole, type Actor } from "@/lib/auth/roles";
import { hashPassword, ZPassword } from "@/lib/auth/password";
import { getUserRow } from "./get-user";
import { toUserView, type UserView } from "./user-view";

export const ZUpdateUser = z.object({
  name: z.string().trim().max(100).optional(),
  role: ZRole.optional(),
  disabled: z.boolean().optional(),
  password: ZPassword.optional(),
});
export type TUpdateUser = z.input<typeof ZUpdateUser>;

export async function otherEnabledAdmins(userId: string): Promise<number> {
  const [r] = await getDb()
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)));
  return Number(r?.n ?? 0);
}

export async function updateUser(id: string, input: TUpdateUser, actor: Actor): Promise<UserView> {
  const data = ZUpdateUser.parse(input);
  const row = await getUserRow(id);
  const losesAdmin =
    row.role === "admin" && !row.disabledAt && ((data.role && data.role !== "admin") || data.disabled === true);
  if (losesAdmin) {
    if (actor.id === id) {
      throw new AppError("unprocessable", "You cannot demote or disable your own account. Ask another admin to do it.");
    }
    if ((await otherEnabledAdmins(id)) === 0) {
      throw new AppError("unprocessable", `${row.email} is the last enabled admin. Make someone else an admin first.`);
    }
  }
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (data.name !== undefined) set.name = data.name;
  if (data.role !== undefined) set.role = data.role;
  if (data.disabled !== undefined) set.disabledAt = data.disabled ? (row.disabledAt ?? new Date()) : null;
  if (data.password !== undefined) set.passwordHash = await hashPassword(data.password);
  const [updated] = await getDb().update(users).set(set).where(eq(users.id, id)).returning();
  const action =
    data.disabled === true && !row.disabledAt
      ? "user.disable"
      : data.disabled === false && row.disabledAt
        ? "user.enable"
        : "user.update";
  await writeAudit({
    actor,
    action,
    target: { type: "user", id, name: row.email },
    details: {
      changed: Object.keys(data),
      ...(data.role && data.role !== row.role ? { fromRole: row.role, toRole: data.role } : {}),
    },
  });
  return toUserView(updated!);
}
