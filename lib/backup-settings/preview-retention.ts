/* The retention preview of the gear screen and POST …/backup-settings/preview: which of the
 * environment's existing backups a candidate policy would keep and remove, and why ("With this policy 4
 * of your 19 backups would be removed"). The very decision the retention job acts on (decide-retention.ts),
 * for a candidate policy, with nothing changed. Fields left out of the candidate use the effective
 * settings. The input is validated by the caller (ZRetentionPreview in the action, ZBackupSettings in the
 * route); this trusts it. */
import "server-only";
import { describePolicy, resolvePolicy, storedRetention } from "@/lib/retention";
import { isKeepAll } from "@/lib/retention/policy";
import { decideRetention } from "./decide-retention";
import { getEffectiveSettings } from "./effective-settings";
import type { RetentionPreviewItem, RetentionPreviewResult, TRetentionPreview } from "./schema";

export async function previewRetention(
  environmentId: string,
  input: TRetentionPreview,
  now: Date = new Date(),
): Promise<RetentionPreviewResult> {
  const settings = await getEffectiveSettings(environmentId);
  const candidate = input;
  const stored = candidate.retention ? storedRetention(candidate.retention) : settings.retention;
  const policy = resolvePolicy(stored);
  const { decision: result, rows } = (await decideRetention(environmentId, {
    now,
    policy,
    maxManualBackups: candidate.maxManualBackups,
    maxBackups: candidate.maxBackups,
    settings,
    keepAll: isKeepAll(stored),
  }))!;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const item = (d: (typeof result.decisions)[number]): RetentionPreviewItem => {
    const r = byId.get(d.id)!;
    return {
      id: d.id,
      createdAt: r.createdAt.toISOString(),
      time: d.time.toISOString(),
      trigger: d.trigger,
      status: d.status,
      totalBytes: r.totalBytes,
      reasons: d.reasons,
    };
  };
  return {
    total: result.decisions.length,
    keep: result.keep.map(item),
    remove: result.remove.map(item),
    policy: isKeepAll(stored)
      ? "keep all"
      : `${describePolicy(policy)}${(candidate.maxBackups ?? settings.maxBackups) ? `, at most ${candidate.maxBackups ?? settings.maxBackups} in total` : ""}`,
    summary: result.summary,
  };
}
