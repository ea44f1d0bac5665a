/* lib/retention: retention presets, custom and interval policies, and the pure keep/remove decision
 * that agrees with restic's `forget`. No database, no engine. */
export * from "./schema";
export * from "./policy";
export * from "./apply-retention";
export { isoWeek, zonedParts } from "./calendar";
