/* Creates an API token for a user (yourself; admins may create one for anyone). The token is returned
 * exactly once; only its sha256 is stored. It carries its user's current role, narrowed by its scope
 * (read-only, some projects, an expiry; token-scope.ts enforces it). Unknown project ids are a 400. */
import "server-only";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { apiTokens, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";
import { generateApiToken, hashApiToken } from "@/lib/auth/api-token-hash";
import { getUserRow } from "@/lib/users/get-user";
import { ZTokenScopeInput } from "./token-scope-schema";

export const ZCreateApiToken = ZTokenScopeInput.extend({
  name: z.string().trim().max(100).default(""),
  /** Admins only: create the token for another user. */
  userId: z.uuid().optional(),
});
/** POST /api/v1/auth/token: e-mail + password for a new token. */
export const ZTokenSignIn = ZTokenScopeInput.extend({
  email: z.string().trim().min(1, "Enter your e-mail").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
  name: z.string().trim().max(100).optional(),
});

async function assertProjectsExist(ids: string[] | undefined): Promise<void> {
  if (!ids) return;
  const found = await getDb().select({ id: projects.id }).from(projects).where(inArray(projects.id, ids));
  const known = new Set(found.map((p) => p.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw new AppError("validation_failed", `Please check projectIds.${missing}: No such project`, {
      [`projectIds.${missing}`]: "No such project",
    });
  }
}

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
  await assertProjectsExist(data.projectIds);
  const token = generateApiToken();
  const [row] = await getDb()
    .insert(apiTokens)
    .values({
      userId,
      name: data.name,
      tokenHash: hashApiToken(token),
      readOnly: data.readOnly,
      projectIds: data.projectIds ?? null,
      expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
    })
    .returning();
  await writeAudit({
    actor,
    action: "api_token.create",
    target: { type: "api_token", id: row!.id, name: data.name || null },
    details: {
      owner: owner.email,
      readOnly: data.readOnly,
      projectIds: data.projectIds ?? null,
      expiresAt: data.expiresAt ?? null,
    },
  });
  return { id: row!.id, token, name: row!.name };
}
