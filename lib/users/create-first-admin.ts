/* The one-time set-up: creates the first admin while no user exists at all (setup page, or
 * LIFEBOAT_ADMIN_EMAIL/PASSWORD at start). Serialised with an advisory lock so two concurrent set-ups
 * cannot both succeed; afterwards it always refuses. */
import "server-only";
import { count, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { hashPassword } from "@/lib/auth/password";
import { ZCreateFirstAdmin, type TCreateFirstAdmin } from "./setup-schema";
import { toUserView, type UserView } from "./user-view";

const SETUP_LOCK = 72_616_002;

export { ZCreateFirstAdmin, type TCreateFirstAdmin };

export async function hasAnyUser(): Promise<boolean> {
  const [r] = await getDb().select({ n: count() }).from(users);
  return Number(r?.n ?? 0) > 0;
}

/** Whether the one-time setup page should be offered. */
export async function needsSetup(): Promise<boolean> {
  return !(await hasAnyUser());
}

export async function createFirstAdmin(
  input: TCreateFirstAdmin,
  ctx: { ip?: string | null; via?: string } = {},
): Promise<UserView> {
  const data = ZCreateFirstAdmin.parse(input);
  const passwordHash = await hashPassword(data.password);
  const row = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const [r] = await tx.select({ n: count() }).from(users);
    if (Number(r?.n ?? 0) > 0) return null;
    const [u] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, role: "admin", passwordHash })
      .returning();
    return u!;
  });
  if (!row) throw new AppError("conflict", "Lifeboat is already set up. Sign in with an existing account.");
  await writeAudit({
    actor: { id: row.id, email: row.email, ip: ctx.ip ?? null },
    action: "user.create_first_admin",
    target: { type: "user", id: row.id, name: row.email },
    details: { via: ctx.via ?? "setup" },
  });
  return toUserView(row);
}
