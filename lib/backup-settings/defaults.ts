/* The default backup settings per environment type, inherited by every environment until a field is
 * overridden (a null column in backup_settings). Production: daily at a time spread per environment,
 * with the Lagoon retention (7 daily · 6 weekly · 1 monthly). Staging and development: nightly at a
 * spread time, best effort (live), keep 2 (one a day). Destinations are not a type default: they come
 * from the project's default destination, else the global default (resolved in get-backup-settings). */
import type { TBackupSettingsValues } from "./schema";

export type EnvironmentType = "production" | "staging" | "development";

/** What a type default sets: the settings shape without destinations (they are not a type default). */
export type TypeDefaults = Omit<TBackupSettingsValues, "destinationIds">;

export function defaultsFor(type: EnvironmentType, timezone: string): TypeDefaults {
  if (type === "production") {
    return {
      schedules: [{ cron: "@daily-random", timezone }],
      retention: { preset: "lagoon" },
      maxManualBackups: 5,
      live: true,
    };
  }
  return {
    schedules: [{ cron: "@nightly-random", timezone }],
    retention: { preset: "2d" },
    maxManualBackups: 5,
    live: true,
  };
}
