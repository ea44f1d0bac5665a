/* Destinations: restic repositories (local, s3, sftp, rest) with a generated, sealed repository password.
 * verify-destination.ts (verifyDestinationById) and destination-recovery-kit.ts (destinationRecoveryKit) call the
 * engine's verifyDestination and recoveryKit. */
export { createDestination } from "./create-destination";
export { updateDestination } from "./update-destination";
export { deleteDestination, destinationUsage } from "./delete-destination";
export { getDestination, listDestinations, getDefaultDestination } from "./get-destination";
export { loadDestinationSpec, type LoadedDestinationSpec } from "./load-destination-spec";
export { loadDestinationRepo } from "./load-destination-repo";
export type { DestinationView } from "./destination-view";
export * from "./schema";
export {
  ZVerifyDestination,
  type TVerifyDestination,
  verifyDestinationById,
  type DestinationVerifyResult,
} from "./verify-destination";
export { ZRecoveryKitRequest, type TRecoveryKitRequest, destinationRecoveryKit } from "./destination-recovery-kit";
