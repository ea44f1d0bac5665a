/* "Delete" on a backup row (admins): a confirm dialog that says where the backup is held and that
 * Delete removes it from every one of those places (primary and copies), then
 * DELETE /api/v1/backups/{id} with the session; a copy not run yet is cancelled (the dialog says so).
 * The server's refusal (a copy running now, a destination that cannot be reached) stays in the dialog. */
"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { copiesUnderWayText, deleteWhereText } from "./delete-where";
import { panelFetch } from "./panel-fetch";
import type { BackupDto } from "./types";

export function DeleteBackupButton({ backup, onDeleted }: { backup: BackupDto; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="mr-3 inline-flex items-center gap-1 text-xs font-medium text-red-700 hover:underline dark:text-red-400"
        data-testid="row-delete"
      >
        <Trash2 className="size-3.5" aria-hidden />
        Delete
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        testId="delete-backup-dialog"
        title="Delete this backup everywhere?"
        description={
          <>
            <span data-testid="delete-where">{deleteWhereText(backup.heldIn)}</span> Its snapshots are forgotten in each
            repository; the space is freed by the next prune. This cannot be undone.
            {copiesUnderWayText(backup.copies) ? (
              <span className="mt-2 block" data-testid="delete-copies-under-way">
                {copiesUnderWayText(backup.copies)}
              </span>
            ) : null}
          </>
        }
        onConfirm={async () => {
          try {
            await panelFetch(`/api/v1/backups/${backup.id}`, { method: "DELETE" });
            onDeleted();
            return null;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        }}
      />
    </>
  );
}
