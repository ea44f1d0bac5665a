/* lib/keys: a destination's repository keys — list, add, remove, rotate Lifeboat's own (on demand and on
 * a schedule), and which password opens after an interrupted rotation. */
export { listDestinationKeys, addDestinationKey, removeDestinationKey } from "./destination-keys";
export { setRotationSchedule } from "./rotation-schedule";
export { requestRotation } from "./rotate/request-rotation";
export { getRotationRow, toRotationView } from "./rotate/rotation-rows";
export { reconcilePendingPassword, loadWorkingRepo } from "./repository-password";
export * from "./schema";
export { requestRekey } from "./rekey/request-rekey";
export { getRekeyState } from "./rekey/rekey-state";
export { sweepRekeyedRepositories } from "./rekey/delete-old-repository";
export * from "./rekey/schema";
