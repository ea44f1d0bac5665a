/* Admins add users with a role and an initial password (argon2id-hashed). E-mails are stored
 * lower-case and unique. */
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { ZRole, type Actor } from "@/lib/auth/roles";
import { hashPassword, ZPassword } from "@/lib/auth/password";
import { isUniqueViolation } from "@/lib/projects/slug";
import { toUserView, type UserView } from "./user-view";

export { ZEmail } from "./setup-schema";
import { ZEmail } from "./setup-schema";

export const ZCreateUser = z.object({
  email: ZEmail,
  name: z.string().trim().max(100).default(""),
  password: ZPassword,
  role: ZRole,
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export async function insertUser(data: z.output<typeof ZCreateUser>, db = getDb()) {
  try {
    const [row] = await db
      .insert(users)
      .values({ email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) })
      .returning();
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A user with the e-mail ${data.email} already exists.`, {
        email: "This e-mail is already registered",
      });
    }
    throw e;
  }
}

export async function createUser(input: TCreateUser, actor: Actor): Promise<UserView> {
  const data = ZCreateUser.parse(input);
  const row = await insertUser(data);
  await writeAudit({
    actor,
    action: "user.create",
    target: { type: "user", id: row.id, name: row.email },
    details: { role: row.role },
  });
  return toUserView(row);
}
