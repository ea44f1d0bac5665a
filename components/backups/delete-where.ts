/* What the Delete dialog of a backup says about where it is held (pure): "Held on primary + 2 copies
 * (local, dc2, cloud) — all three are removed." Delete removes a backup everywhere it is held
 * (lib/backups/delete-backup.ts), so the dialog names every place. */
import type { BackupHolder } from "@/lib/backups/backup-view";

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
