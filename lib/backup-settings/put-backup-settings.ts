/* Saving an environment's backup settings (admin). The input is ZBackupSettings' output and the actor an
 * admin: the caller (the server action or PUT …/backup-settings) checked both, and this trusts them. Checks that every chosen
 * destination exists, and stores each field — or null to inherit: a field left out, set to null,
 * or equal to what it would inherit anyway stays inherited, so a later change of the type default or
 * the project's default destination still reaches it. Hooks are the exception (no default to inherit):
 * left out means unchanged, null removes them. Writes one audit entry (hook commands are not copied into
 * it: they may carry credentials). */
import "server-only";
import { inArray, sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backupSettings, destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { storedRetention } from "@/lib/retention";
import { getEffectiveSettings } from "./effective-settings";
import { defaultsFor } from "./defaults";
import { defaultTestRestoreSchedule } from "@/lib/proof/test-restore/scratch-schema";
import { getBackupSettings, type BackupSettingsView } from "./get-backup-settings";
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

  const defaults = defaultsFor(current.environmentType, current.timezone);
  const inheritedValue: Record<SettingsField, unknown> = { ...defaults, destinationIds: current.defaultDestinationIds };
  const proposed: Record<SettingsField, unknown> = {
    schedules: data.schedules ?? null,
    retention: data.retention ? storedRetention(data.retention) : null,
    maxManualBackups: data.maxManualBackups ?? null,
    destinationIds: ids.length ? [...new Set(ids)] : null,
    live: data.live ?? null,
  };
  const stored = Object.fromEntries(
    SETTINGS_FIELDS.map((f) => [f, proposed[f] === null || same(proposed[f], inheritedValue[f]) ? null : proposed[f]]),
  ) as Record<SettingsField, unknown>;

  const values = {
    schedules: stored.schedules as (typeof backupSettings.$inferInsert)["schedules"],
    retention: stored.retention as (typeof backupSettings.$inferInsert)["retention"],
    maxManualBackups: stored.maxManualBackups as number | null,
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
      destinationIds: view.destinationIds,
      compression: view.compression,
    },
  });
  return view;
}
