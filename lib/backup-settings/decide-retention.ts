/* The one retention decision: which of an environment's backups its policy keeps and removes now, and
 * why. The retention job acts on it (lib/backups/run-retention.ts) and the gear screen's preview shows
 * it for a candidate policy (preview-retention.ts), so the two cannot drift apart. Manual and safety
 * backups are never touched by the policy (manual ones only by the max-manual limit), the newest good
 * backup is never removed (lib/retention's applyRetention), and a backup that a queued or running restore
 * reads is kept (forgetting it would break that restore halfway). Days count in the environment's time
 * zone. Read-only. */
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, restores } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { applyRetention, resolvePolicy, type ResolvedRetention, type RetentionResult } from "@/lib/retention";
import { isKeepAll } from "@/lib/retention/policy";
import { getEffectiveSettings, type EffectiveSettings } from "./effective-settings";

export type RetentionRow = typeof backups.$inferSelect;

/** `policy` / `maxManualBackups` / `maxBackups` (manual + automated in total, 0: no cap): a candidate instead of the environment's effective settings (`settings`:
 * those, when the caller has them already). Null when the environment is gone. `rows` are the backups
 * decided on (not yet deleted). */
export async function decideRetention(
  environmentId: string,
  opts: {
    now?: Date;
    policy?: ResolvedRetention;
    maxManualBackups?: number | null;
    maxBackups?: number | null;
    settings?: EffectiveSettings;
    /** The candidate is the "Keep all" preset (default: whether the environment's policy is). */
    keepAll?: boolean;
  } = {},
): Promise<{ decision: RetentionResult; rows: RetentionRow[] } | null> {
  const settings =
    opts.settings ??
    (await getEffectiveSettings(environmentId).catch((e) => {
      if (isAppError(e) && e.code === "not_found") return null;
      throw e;
    }));
  if (!settings) return null;
  const db = getDb();
  const rows = await db
    .select()
    .from(backups)
    // What the primaries hold: a backup held only in a copy is the copy target's retention's to decide,
    // and it does not count towards max_backups (the primaries' total cap).
    .where(
      and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt), isNull(backups.primaryForgottenAt)),
    );
  const decision = applyRetention(
    rows.map((r) => ({ id: r.id, time: r.startedAt ?? r.createdAt, trigger: r.trigger, status: r.status })),
    opts.policy ?? resolvePolicy(settings.retention),
    opts.now ?? new Date(),
    {
      maxManualBackups: opts.maxManualBackups ?? settings.maxManualBackups,
      maxBackups: opts.maxBackups ?? settings.maxBackups,
      timezone: settings.timezone,
      keepAll: opts.keepAll ?? (!opts.policy && isKeepAll(settings.retention)),
    },
  );
  if (!decision.remove.length) return { decision, rows };
  const reading = await db
    .select({ backupId: restores.backupId })
    .from(restores)
    .where(
      and(
        inArray(
          restores.backupId,
          decision.remove.map((d) => d.id),
        ),
        inArray(restores.status, ["queued", "running"]),
      ),
    );
  const inUse = new Set(reading.map((r) => r.backupId));
  if (!inUse.size) return { decision, rows };
  const decisions = decision.decisions.map((d) =>
    inUse.has(d.id) && d.action === "remove"
      ? {
          ...d,
          action: "keep" as const,
          reasons: [...d.reasons, "A restore that is queued or running reads this backup."],
        }
      : d,
  );
  return {
    rows,
    decision: {
      decisions,
      keep: decisions.filter((d) => d.action === "keep"),
      remove: decisions.filter((d) => d.action === "remove"),
      summary: `${decision.summary} ${inUse.size} backup(s) kept while a restore reads them.`,
    },
  };
}
