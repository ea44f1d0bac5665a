/* Who may take a backup's contents home. Browsing names, sizes and times is for every role (viewer
 * and up); downloading contents (files as tar/zip, single files, database dumps) needs operator or
 * above. Browser-safe: the UI asks canDownloadBackupContents to hide the download controls, and the
 * server enforces the same rule with ensureCanDownload (lib/backups/ensure-can-download.ts). */
import { roleAtLeast, type Role } from "@/lib/auth/roles";

export const DOWNLOAD_MIN_ROLE: Role = "operator";

export const DOWNLOAD_DENIED_MESSAGE =
  "Viewers can browse a backup's file names, sizes and times, but not download its contents. " +
  "Downloading files or database dumps needs the operator role or above; ask an admin if you need it.";

export function canDownloadBackupContents(role: Role): boolean {
  return roleAtLeast(role, DOWNLOAD_MIN_ROLE);
}
