/* Fixed-window counters in the rate_limits table, so every node of a multi-node install shares them.
 * One atomic upsert per hit (no read-then-write race). Used by the sign-in throttle and the recovery-kit reveal. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";

export type RateLimitRule = { limit: number; windowMs: number };

/** Failed sign-ins (sign-in-throttle.ts): after 5 per account a growing delay; 30 per address and 10 per
 * known device in 15 minutes. */
export const SIGN_IN_LIMITS = {
  email: { limit: 5, windowMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000 },
  device: { limit: 10, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

/** Counts one hit and returns the count in the current window. */
export async function hitRateLimit(key: string, rule: RateLimitRule): Promise<{ count: number; resetAt: Date }> {
  const resetAt = new Date(Date.now() + rule.windowMs);
  const rows = await getDb()
    .insert(rateLimits)
    .values({ key, count: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.resetAt} <= now() then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= now() then ${resetAt.toISOString()}::timestamptz else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt });
  return rows[0]!;
}

/** Whether the key has used up its window; returns when it frees up. */
export async function checkRateLimit(
  key: string,
  rule: RateLimitRule,
): Promise<{ limited: boolean; resetAt: Date | null }> {
  const [row] = await getDb().select().from(rateLimits).where(eq(rateLimits.key, key));
  if (!row || row.resetAt.getTime() <= Date.now()) return { limited: false, resetAt: null };
  return { limited: row.count >= rule.limit, resetAt: row.resetAt };
}

export async function clearRateLimit(key: string): Promise<void> {
  await getDb().delete(rateLimits).where(eq(rateLimits.key, key));
}
