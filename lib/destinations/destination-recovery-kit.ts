/* The recovery kit of a destination: repository, password, provider variables and restic commands to
 * restore without Lifeboat. It opens every backup in the repository, so only an admin gets it, only
 * after typing their own password again (attempts rate limited like sign-in), and every attempt is
 * audited. The kit is the only response in the API that contains secrets, by design. It is always the
 * current password (a key rotation replaces it) and says when Lifeboat's key last changed. */
import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { backupSettings, backupSnapshots, destinations, sources, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { verifyPassword } from "@/lib/auth/password";
import { checkRateLimit, clearRateLimit, hitRateLimit, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { recoveryKit, type RecoveryKit } from "@/lib/engine";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { loadDestinationSpec } from "./load-destination-spec";

export const ZRecoveryKitRequest = z.object({
  password: z.string().min(1, "Enter your own password to confirm").max(1024),
});
export type TRecoveryKitRequest = z.input<typeof ZRecoveryKitRequest>;

/** Sources whose backups live (or will live) in this destination, so the kit lists their restore commands. */
async function sourceIdsFor(destinationId: string): Promise<string[]> {
  const db = getDb();
  const fromSnapshots = await db
    .selectDistinct({ id: backupSnapshots.sourceId })
    .from(backupSnapshots)
    .where(eq(backupSnapshots.destinationId, destinationId));
  const fromSettings = await db
    .select({ id: sources.id })
    .from(sources)
    .innerJoin(backupSettings, eq(backupSettings.environmentId, sources.environmentId))
    .where(sql`${backupSettings.destinationIds} @> ${JSON.stringify([destinationId])}::jsonb`);
  const ids = [...new Set([...fromSnapshots, ...fromSettings].map((r) => r.id))];
  if (!ids.length) return [];
  const existing = await db.select({ id: sources.id }).from(sources).where(inArray(sources.id, ids));
  return existing.map((r) => r.id);
}

export async function destinationRecoveryKit(
  id: string,
  input: TRecoveryKitRequest,
  actor: Actor,
): Promise<RecoveryKit & { keyRotatedAt: string | null }> {
  const data = ZRecoveryKitRequest.parse(input);
  const { id: _id, name, ...spec } = await loadDestinationSpec(id);
  const target = { type: "destination", id, name };
  if (!actor.id) throw new AppError("forbidden", "Only a signed-in admin can open a recovery kit.");
  const key = `kit:${actor.id}`;
  if ((await checkRateLimit(key, SIGN_IN_LIMITS.email)).limited) {
    await writeAudit({
      actor,
      action: "destination.recovery_kit",
      target,
      outcome: "denied",
      details: { reason: "rate_limited" },
    });
    throw new AppError("rate_limited", "Too many wrong passwords. Try again in a few minutes.");
  }
  const [user] = await getDb().select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, data.password))) {
    await hitRateLimit(key, SIGN_IN_LIMITS.email);
    await writeAudit({
      actor,
      action: "destination.recovery_kit",
      target,
      outcome: "failure",
      details: { reason: "wrong_password" },
    });
    throw new AppError("forbidden", "That is not your password. Enter the password you sign in with.", {
      password: "Wrong password",
    });
  }
  await clearRateLimit(key);
  const sourceSpecs = await Promise.all((await sourceIdsFor(id)).map((sid) => loadSourceSpec(sid)));
  const kit = recoveryKit(spec, { dataDir: env().dataDir, sources: sourceSpecs });
  await writeAudit({ actor, action: "destination.recovery_kit", target, details: { sources: sourceSpecs.length } });
  const [row] = await getDb()
    .select({ at: destinations.keyRotatedAt })
    .from(destinations)
    .where(eq(destinations.id, id));
  return { ...kit, keyRotatedAt: row?.at?.toISOString() ?? null };
}
