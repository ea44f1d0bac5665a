/* lib/restores: reading restores (getRestore). Starting one is create-restore.ts (lib/jobs' side). */
export { getRestore, type RestoreView } from "./get-restore";
export { ZRestoreBackupBody, type TRestoreBackupBody } from "./restore-body";
