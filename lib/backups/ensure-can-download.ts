/* The server-side check in front of every download of backup contents (files, folders, database
 * dumps): refuses roles below DOWNLOAD_MIN_ROLE with a message that says why, and audits the refusal.
 * Every download service calls it first; hiding the buttons is not protection. */
import "server-only";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { canDownloadBackupContents, DOWNLOAD_DENIED_MESSAGE, DOWNLOAD_MIN_ROLE } from "./download-policy";

export async function ensureCanDownload(actor: Actor, backupId: string): Promise<void> {
  if (canDownloadBackupContents(actor.role)) return;
  await writeAudit({
    actor,
    action: "backup.download",
    target: { type: "backup", id: backupId },
    outcome: "denied",
    details: { role: actor.role, required: DOWNLOAD_MIN_ROLE },
  });
  throw new AppError("forbidden", DOWNLOAD_DENIED_MESSAGE);
}
