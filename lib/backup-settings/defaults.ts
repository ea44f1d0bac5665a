/* The default backup settings per environment type, inherited by every environment until a field is
 * overridden (a null column in backup_settings). They are data (environment_type_policies, edited on the
 * Environment types page and PUT /api/v1/environment-types/{type}); `defaultsFor` turns a type's row into
 * the defaults of one environment (its time zone on schedules without one). The seed — what the
 * migration inserted and what a type falls back to without a row — is Lifeboat's built-in default:
 * production daily at a time spread per environment with the Lagoon retention (7 daily · 6 weekly · 1
 * monthly); staging and development nightly at a spread time, best effort (live), keep 2 (one a day); 5
 * manual backups; no total limit. Destinations are not a type default: they come from the project's
 * default destination, else the global default (resolved in effective-settings). Pure. */
import type { TypeSchedule } from "@/lib/db/schema/environment-types";
import type { TBackupSettingsValues } from "./schema";

export type EnvironmentType = "production" | "staging" | "development";
export const ENVIRONMENT_TYPES: EnvironmentType[] = ["production", "staging", "development"];

/** What a type default sets: the settings shape without destinations (they are not a type default). */
export type TypeDefaults = Omit<TBackupSettingsValues, "destinationIds" | "testRestore">;

/** A type's stored policy: schedules may leave the time zone out (the environment's applies). */
export type TypePolicyValues = Omit<TypeDefaults, "schedules"> & { schedules: TypeSchedule[] };

/** Lifeboat's built-in default of a type (the migration's seed; must stay equal to it). */
export function seedDefaultsFor(type: EnvironmentType): TypePolicyValues {
  if (type === "production")
    return {
      schedules: [{ cron: "@daily-random" }],
      retention: { preset: "lagoon" },
      maxManualBackups: 5,
      maxBackups: 0,
      live: true,
    };
  return {
    schedules: [{ cron: "@nightly-random" }],
    retention: { preset: "2d" },
    maxManualBackups: 5,
    maxBackups: 0,
    live: true,
  };
}

/** The defaults an environment of `type` in `timezone` inherits: the type's stored policy (`row`, read
 * in the same query as the environment), else the seed. */
export function defaultsFor(type: EnvironmentType, timezone: string, row?: TypePolicyValues | null): TypeDefaults {
  const p = row ?? seedDefaultsFor(type);
  return {
    schedules: p.schedules.map((s) => ({ cron: s.cron, timezone: s.timezone ?? timezone })),
    retention: p.retention,
    maxManualBackups: p.maxManualBackups,
    maxBackups: p.maxBackups,
    live: p.live,
  };
}
