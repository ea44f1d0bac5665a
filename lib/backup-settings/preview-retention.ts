/* The retention preview of the gear screen and POST …/backup-settings/preview: which of the
 * environment's existing backups a candidate policy would keep and remove, and why ("With this policy 4
 * of your 19 backups would be removed"). The same decision the retention job makes (applyRetention over
 * the same rows, days counted in the environment's time zone), with nothing changed. Fields left out of the candidate use the effective settings. */
import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import { applyRetention, describePolicy, resolvePolicy, storedRetention, ZRetention } from "@/lib/retention";
import { z } from "zod";
import { getEffectiveSettings } from "./effective-settings";

export const ZRetentionPreview = z.object({
  retention: ZRetention.nullable().optional(),
  maxManualBackups: z.coerce.number().int().min(0).max(1000).nullable().optional(),
}).passthrough();
export type TRetentionPreview = z.input<typeof ZRetentionPreview>;

export type RetentionPreviewItem = {
  id: string;
  createdAt: string;
  time: string;
  trigger: "scheduled" | "manual" | "safety";
  status: string;
  totalBytes: number | null;
  reasons: string[];
};

export type RetentionPreviewResult = {
  total: number;
  keep: RetentionPreviewItem[];
  remove: RetentionPreviewItem[];
  policy: string;
  summary: string;
};

/** Rows the policy decides on: every backup not yet deleted. The point in time is when the run
 * started (restic's snapshot time), else when it was queued. */
export async function retentionCandidates(environmentId: string) {
  return getDb()
    .select({ id: backups.id, createdAt: backups.createdAt, startedAt: backups.startedAt, trigger: backups.trigger, status: backups.status, totalBytes: backups.totalBytes })
    .from(backups)
    .where(and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt)))
    .orderBy(desc(backups.createdAt));
}

export async function previewRetention(environmentId: string, input: TRetentionPreview, now: Date = new Date()): Promise<RetentionPreviewResult> {
  const settings = await getEffectiveSettings(environmentId);
  const candidate = ZRetentionPreview.parse(input);
  const policy = resolvePolicy(candidate.retention ? storedRetention(candidate.retention) : settings.retention);
  const maxManual = candidate.maxManualBackups ?? settings.maxManualBackups;
  const rows = await retentionCandidates(environmentId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result = applyRetention(
    rows.map((r) => ({ id: r.id, time: r.startedAt ?? r.createdAt, trigger: r.trigger, status: r.status })),
    policy,
    now,
    { maxManualBackups: maxManual, timezone: settings.timezone },
  );
  const item = (d: (typeof result.decisions)[number]): RetentionPreviewItem => {
    const r = byId.get(d.id)!;
    return { id: d.id, createdAt: r.createdAt.toISOString(), time: d.time.toISOString(), trigger: d.trigger, status: d.status, totalBytes: r.totalBytes, reasons: d.reasons };
  };
  return { total: result.decisions.length, keep: result.keep.map(item), remove: result.remove.map(item), policy: describePolicy(policy), summary: result.summary };
}
