/* lib/schedules: cron validation, words, next runs across DST, stable random forms and the scheduler's
 * due-slot rule. Pure code (no database, no clock of its own). */
export * from "./cron";
export * from "./due-slots";
export * from "./random-form";
export * from "./schedule-preview";
export * from "./timezones";
