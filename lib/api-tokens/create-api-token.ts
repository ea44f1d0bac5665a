/* Creates an API token for a user (yourself; admins may create one for anyone). The token is returned
 * exactly once; only its sha256 is stored. It carries its user's current role. */
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";
import { generateApiToken, hashApiToken } from "@/lib/auth/api-token-hash";
import { getUserRow } from "@/lib/users/get-user";

export const ZCreateApiToken = z.object({
  name: z.string().trim().max(100).default(""),
  /** Admins only: create the token for another user. */
  userId: z.uuid().optional(),
});
/** POST /api/v1/auth/token: e-mail + password for a new token. */
export const ZTokenSignIn = z.object({
  email: z.string().trim().min(1, "Enter your e-mail").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  name: z.string().trim().max(100).optional(),
});

export type TCreateApiToken = z.input<typeof ZCreateApiToken>;

export async function createApiToken(
  input: TCreateApiToken,
  actor: Actor,
): Promise<{ id: string; token: string; name: string }> {
  const data = ZCreateApiToken.parse(input);
  const userId = data.userId ?? actor.id;
  if (!userId) throw new AppError("unprocessable", "Only a user can own an API token.");
  if (userId !== actor.id && !roleAtLeast(actor.role, "admin")) {
    await writeAudit({ actor, action: "api_token.create", target: { type: "user", id: userId }, outcome: "denied" });
    throw new AppError("forbidden", "Only admins can create tokens for other users.");
  }
  const owner = await getUserRow(userId);
  const token = generateApiToken();
  const [row] = await getDb()
    .insert(apiTokens)
    .values({ userId, name: data.name, tokenHash: hashApiToken(token) })
    .returning();
  await writeAudit({
    actor,
    action: "api_token.create",
    target: { type: "api_token", id: row!.id, name: data.name || null },
    details: { owner: owner.email },
  });
  return { id: row!.id, token, name: row!.name };
}
