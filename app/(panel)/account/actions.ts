/* Server actions of the Account page: API tokens and the password. Any signed-in user may create and
 * revoke their own tokens (a token carries its owner's role, so it grants nothing new); lib/api-tokens
 * lets only admins touch other users' tokens. The token value is returned once and never again.
 * Changing one's password is also allowed while an admin's reset is pending (the /change-password page
 * uses this action too). */
"use server";
import { z } from "zod";
import { createApiToken, revokeApiToken, ZCreateApiToken } from "@/lib/api-tokens";
import { requireActor } from "@/lib/auth/require-actor";
import { runAction, runActionAs } from "@/lib/http/run-action";
import { changeOwnPassword, ZChangePassword } from "@/lib/users";

export async function createApiTokenAction(input: unknown) {
  return runAction("viewer", ZCreateApiToken, input, (data, actor) => createApiToken(data, actor));
}

export async function revokeApiTokenAction(id: string) {
  return runAction("viewer", z.string().min(1).max(100), id, (tokenId, actor) => revokeApiToken(tokenId, actor));
}

export async function changePasswordAction(input: unknown) {
  return runActionAs(
    () => requireActor("viewer", { allowPendingPasswordChange: true, action: "server action" }),
    ZChangePassword,
    input,
    (data, actor) => changeOwnPassword(data, actor),
  );
}
