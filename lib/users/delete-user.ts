/* Deletes a user (their API tokens go with them; audit entries keep their e-mail). Admins cannot delete
 * themselves, and the last enabled admin cannot be deleted. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getUserRow } from "./get-user";
import { otherEnabledAdmins } from "./update-user";

export async function deleteUser(id: string, actor: Actor): Promise<void> {
  const row = await getUserRow(id);
  if (actor.id === id)
    throw new AppError("unprocessable", "You cannot delete your own account. Ask another admin to do it.");
  if (row.role === "admin" && !row.disabledAt && (await otherEnabledAdmins(id)) === 0) {
    throw new AppError("unprocessable", `${row.email} is the last enabled admin and cannot be deleted.`);
  }
  await getDb().delete(users).where(eq(users.id, id));
  await writeAudit({ actor, action: "user.delete", target: { type: "user", id, name: row.email } });
}
