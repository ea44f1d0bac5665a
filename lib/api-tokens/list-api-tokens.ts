/* Lists API tokens (never the token or its hash): your own, or everyone's for an admin. */
import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { apiTokens, users } from "@/lib/db/schema";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";

export type ApiTokenView = {
  id: string;
  name: string;
  userId: string;
  userEmail: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  readOnly: boolean;
  /** null: every project */
  projectIds: string[] | null;
  expiresAt: string | null;
};

export async function listApiTokens(actor: Actor, opts: { all?: boolean } = {}): Promise<ApiTokenView[]> {
  const all = opts.all && roleAtLeast(actor.role, "admin");
  const q = getDb()
    .select({ t: apiTokens, email: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId));
  const rows = await (all
    ? q
    : q.where(eq(apiTokens.userId, actor.id ?? "00000000-0000-0000-0000-000000000000"))
  ).orderBy(desc(apiTokens.createdAt));
  return rows.map(({ t, email }) => ({
    id: t.id,
    name: t.name,
    userId: t.userId,
    userEmail: email,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    readOnly: t.readOnly,
    projectIds: t.projectIds ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
  }));
}
