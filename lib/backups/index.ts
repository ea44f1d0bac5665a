/* lib/backups, the read side: list (keyset pages), one backup, delete (forget its snapshots), the file
 * browser's folder listing and the streamed tar/zip download. Starting a backup is create-backup.ts and
 * indexing files is index-snapshot-files.ts (lib/jobs' side); import those files directly. getRestore
 * is re-exported for the panel's restore screens. */
export { listBackups, ZListBackups, type BackupPage, type TListBackups } from "./list-backups";
export { getBackup, getBackupRow } from "./get-backup";
export { deleteBackup, type DeleteBackupResult } from "./delete-backup";
export { listBackupFiles, ZListBackupFiles, type FileEntry, type FileListing } from "./list-backup-files";
export { streamBackupDownload } from "./stream-backup-download";
export { ZBackupDownload } from "./download-schema";
export type { BackupView, BackupSourceView } from "./backup-view";
export { getRestore, type RestoreView } from "@/lib/restores/get-restore";
