/* Saving an environment's backup settings (admin). The input is ZBackupSettings' output and the actor an
 * admin: the caller (the server action or PUT …/backup-settings) checked both, and this trusts them. Checks that every chosen
 * destination exists, and stores each field — or null to inherit: a field left out, set to null,
 * or equal to what it would inherit anyway stays inherited, so a later change of the type default or
 * the project's default destination still reaches it. Hooks and copies are the exception (no default to
 * inherit): left out means unchanged, null removes them. Writes one audit entry (hook commands are not copied into
 * it: they may carry credentials). */
import "server-only";
import { inArray, sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backupSettings, destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { resolvePolicy, storedRetention } from "@/lib/retention";
import { getEffectiveSettings } from "./effective-settings";
import { fromIntervalPolicy, policyApplies } from "./interval-policy";
import { defaultTestRestoreSchedule } from "@/lib/proof/test-restore/scratch-schema";
import { getBackupSettings, type BackupSettingsView } from "./get-backup-settings";
import { checkedCopies } from "./checked-copies";
import { SETTINGS_FIELDS, type SettingsField, type TBackupSettingsParsed } from "./schema";

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined && x !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}

export async function putBackupSettings(
  environmentId: string,
  data: TBackupSettingsParsed,
  actor: Actor,
): Promise<BackupSettingsView> {
  const current = await getEffectiveSettings(environmentId);
  const ids = data.destinationIds ?? [];
  const copies = data.copies === undefined ? undefined : await checkedCopies(data, current);
  if (ids.length) {
    const found = await getDb().select({ id: destinations.id }).from(destinations).where(inArray(destinations.id, ids));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      throw new AppError(
        "validation_failed",
        "A chosen destination no longer exists. Reload the page and choose again.",
        {
          destinationIds: `Destination ${missing.join(", ")} does not exist.`,
        },
      );
    }
  }

  const inheritedValue: Record<SettingsField, unknown> = {
    ...current.typeDefaults,
    destinationIds: current.defaultDestinationIds,
  };
  // A Platform.sh list sets schedules (in the environment's time zone) and retention at once.
  const fromList = policyApplies(data) ? fromIntervalPolicy(data.policy) : null;
  const proposed: Record<SettingsField, unknown> = {
    schedules: fromList ? [{ cron: fromList.cron, timezone: current.timezone }] : (data.schedules ?? null),
    retention: fromList ? fromList.retention : data.retention ? storedRetention(data.retention) : null,
    maxManualBackups: data.maxManualBackups ?? null,
    maxBackups: data.maxBackups ?? null,
    destinationIds: ids.length ? [...new Set(ids)] : null,
    live: data.live ?? null,
  };
  // Retention compares by what it keeps: {keepDaily:2} is the "2d" preset a type gives.
  const equal = (f: SettingsField) =>
    f === "retention"
      ? same(resolvePolicy(proposed[f]), resolvePolicy(inheritedValue[f]))
      : same(proposed[f], inheritedValue[f]);
  const stored = Object.fromEntries(
    SETTINGS_FIELDS.map((f) => [f, proposed[f] === null || equal(f) ? null : proposed[f]]),
  ) as Record<SettingsField, unknown>;

  const values = {
    schedules: stored.schedules as (typeof backupSettings.$inferInsert)["schedules"],
    retention: stored.retention as (typeof backupSettings.$inferInsert)["retention"],
    maxManualBackups: stored.maxManualBackups as number | null,
    maxBackups: stored.maxBackups as number | null,
    destinationIds: stored.destinationIds as string[] | null,
    live: stored.live as boolean | null,
    ...(data.hooks !== undefined
      ? { hooks: data.hooks && (data.hooks.pre || data.hooks.post) ? data.hooks : null }
      : {}),
    // Equal to the type's default → stored as null, so it follows the default.
    ...(data.testRestore !== undefined
      ? {
          testRestore:
            data.testRestore && !same(data.testRestore, defaultTestRestoreSchedule(current.environmentType))
              ? data.testRestore
              : null,
        }
      : {}),
    ...(copies !== undefined ? { copies } : {}),
    ...(data.compression !== undefined
      ? { compression: data.compression && data.compression !== "auto" ? data.compression : null }
      : {}),
    updatedAt: new Date(),
  };
  await getDb()
    .insert(backupSettings)
    .values({ environmentId, ...values })
    .onConflictDoUpdate({ target: backupSettings.environmentId, set: { ...values, updatedAt: sql`now()` } });

  const view = await getBackupSettings(environmentId);
  const changed: string[] = SETTINGS_FIELDS.filter(
    (f) => !same(view[f], (current as unknown as Record<string, unknown>)[f]),
  );
  if (!same(view.hooks, current.hooks)) changed.push("hooks");
  if (!same(view.testRestore, current.testRestore)) changed.push("testRestore");
  if (!same(view.copies, current.copies)) changed.push("copies");
  if (view.compression !== current.compression) changed.push("compression");
  await writeAudit({
    actor,
    action: "backup-settings.update",
    target: { type: "environment", id: environmentId },
    details: {
      changed,
      inherited: view.inherited,
      schedules: view.schedules,
      retention: view.retention,
      maxManualBackups: view.maxManualBackups,
      maxBackups: view.maxBackups,
      destinationIds: view.destinationIds,
      copies: view.copies,
      compression: view.compression,
    },
  });
  return view;
}
