/* Point-in-time recovery tools of the engine (no database): prerequisites, the slot, pg_receivewal and
 * its spool, shipping batches, base backups. */
export { pgBinDir, pgBinary, psqlRows, replicationArgs, PsqlFailed } from "./pg-tools";
export { checkPitrPrerequisites, type PitrCheck, type PitrProblem, type PitrProblemCode } from "./prerequisites";
export { slotState, dropSlot, currentWal, type SlotState } from "./slot";
export { takeBaseBackup, type BaseBackupResult } from "./base-backup";
export { ManifestTap } from "./base-backup-end";
export { createSlot, startWalReceiver, WalReceiverFailed } from "./wal-receiver";
export { listSpool, shipBatch, readShipped, type ShipTarget, type ShipReport } from "./spool";
export { WalStream, type WalStreamOptions, type WalStreamState } from "./wal-stream";
