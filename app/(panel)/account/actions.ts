/* Server actions for API tokens on the Account page. Any signed-in user may create and revoke their own
 * tokens (a token carries its owner's role, so it grants nothing new); lib/api-tokens lets only admins
 * touch other users' tokens. The token value is returned once and never again. */
"use server";
import { z } from "zod";
import { createApiToken, revokeApiToken, ZCreateApiToken } from "@/lib/api-tokens";
import { runAction } from "@/lib/http";

export async function createApiTokenAction(input: unknown) {
  return runAction("viewer", ZCreateApiToken, input, (data, actor) => createApiToken(data, actor));
}

export async function revokeApiTokenAction(id: string) {
  return runAction("viewer", z.string().min(1).max(100), id, (tokenId, actor) => revokeApiToken(tokenId, actor));
}
