/* lib/schedules: cron validation, words, next runs across DST, stable random forms and the scheduler's
 * due-slot rule. Pure code (no database, no clock of its own); cron-check.ts, timezones.ts and schema.ts
 * are browser-safe (the settings form imports them directly, not this index). */
export * from "./schema";
export * from "./cron-check";
export * from "./cron";
export * from "./due-slots";
export * from "./random-form";
export * from "./schedule-preview";
export * from "./timezones";
