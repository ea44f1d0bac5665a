/* lib/restores: reading restores (getRestore, listRestores: an environment's restore history), what a
 * restore would change (previewRestore), what undoing one proposes (undoSelection), what its safety
 * backup covers (safety-scope.ts), and which sources a scope covers (scope.ts, a plain module for the
 * dialog; schema.ts holds the browser-safe shapes). Starting one is create-restore.ts. */
export { getRestore, type RestoreView } from "./get-restore";
export { undoSelection, type UndoSelection } from "./undo-selection";
export { ZRestoreBackupBody, type TRestoreBackupBody } from "./restore-body";
export { listRestores, ZListRestores, type RestoreListItem, type RestorePage } from "./list-restores";
export { previewRestore } from "./preview";
