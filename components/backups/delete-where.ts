/* What the Delete dialog of a backup says about where it is held (pure): "Held on primary + 2 copies
 * (local, dc2, cloud) — all three are removed." Delete removes a backup everywhere it is held
 * (lib/backups/delete-backup.ts), so the dialog names every place; and what happens to its copies not
 * done yet: a queued one is cancelled, a running one makes the server refuse (copiesUnderWayText). */
import type { BackupHolder } from "@/lib/backups/backup-view";
import type { TBackupCopy } from "@/lib/copies/schema";

const COUNT_WORDS = ["", "one", "two", "three", "four", "five", "six", "seven"];

export function deleteWhereText(heldIn: BackupHolder[]): string {
  if (!heldIn.length) return "It holds no data in any destination; only its record is removed.";
  const primaries = heldIn.filter((h) => h.role === "primary").length;
  const copies = heldIn.length - primaries;
  const parts = [
    primaries === 0 ? null : primaries === 1 ? "primary" : `${primaries} primaries`,
    copies === 0 ? null : copies === 1 ? "1 copy" : `${copies} copies`,
  ].filter(Boolean);
  const names = heldIn.map((h) => h.destinationName ?? "a removed destination").join(", ");
  const n = heldIn.length;
  const removed =
    n === 1 ? "it is removed there" : n === 2 ? "both are removed" : `all ${COUNT_WORDS[n] ?? n} are removed`;
  return `Held on ${parts.join(" + ")} (${names}) — ${removed}.`;
}

const names = (cs: TBackupCopy[]) => cs.map((c) => c.destinationName ?? "a removed destination").join(", ");

/** "" when no copy is under way. A copy row says "running" only while its job runs; the server decides. */
export function copiesUnderWayText(copies: TBackupCopy[]): string {
  const queued = copies.filter((c) => c.status === "queued");
  const running = copies.filter((c) => c.status === "running");
  const out: string[] = [];
  if (queued.length)
    out.push(
      queued.length === 1
        ? `The copy to ${names(queued)} has not run yet: it is cancelled.`
        : `The copies to ${names(queued)} have not run yet: they are cancelled.`,
    );
  if (running.length)
    out.push(`A copy to ${names(running)} is running now: the delete is refused until it has finished (or failed).`);
  return out.join(" ");
}
