/* lib/restores: reading restores (getRestore), what undoing one proposes (undoSelection), and which
 * sources a scope covers (scope.ts, a plain module for the dialog). Starting one is create-restore.ts
 * (lib/jobs' side). */
export { getRestore, type RestoreView } from "./get-restore";
export { undoSelection, type UndoSelection } from "./undo-selection";
export { ZRestoreBackupBody, type TRestoreBackupBody } from "./restore-body";
