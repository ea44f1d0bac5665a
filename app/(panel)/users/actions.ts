/* Server actions for users (admin only): create with a role and initial password, change name/role/
 * password, disable/enable, delete, reset the password (a one-time one). Thin: runAction checks the role and validates with the service's
 * zod schema; lib/users keeps the rules (not yourself, never the last admin). */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createUser, deleteUser, resetUserPassword, updateUser, ZCreateUser, ZUpdateUser } from "@/lib/users";

const ZId = z.string().min(1).max(100);

export async function createUserAction(input: unknown) {
  return runAction("admin", ZCreateUser, input, (data, actor) => createUser(data, actor));
}

export async function updateUserAction(id: string, input: unknown) {
  return runAction("admin", ZUpdateUser, input, (data, actor) => updateUser(ZId.parse(id), data, actor));
}

export async function deleteUserAction(id: string) {
  return runAction("admin", ZId, id, (userId, actor) => deleteUser(userId, actor));
}

/** A one-time password the user must change at their next sign-in; shown to the admin once. */
export async function resetPasswordAction(id: string) {
  return runAction("admin", ZId, id, (userId, actor) => resetUserPassword(userId, actor));
}
