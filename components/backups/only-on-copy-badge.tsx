/* "only on copy: offsite-s3" on a backup the primary's retention removed while an off-site copy still
 * holds it (BackupDto.onlyOnCopies / heldIn): still restorable, the restore reads the copy. */
import type { BackupDto } from "./types";

export function OnlyOnCopyBadge({ backup }: { backup: BackupDto }) {
  if (!backup.onlyOnCopies) return null;
  const names = backup.heldIn.map((h) => h.destinationName ?? "a deleted destination").join(", ");
  return (
    <span
      data-testid="only-on-copy"
      title="The primary's retention removed this backup; a restore reads it from the copy."
      className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
    >
      only on copy: {names}
    </span>
  );
}
