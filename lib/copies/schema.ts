/* The copy targets of an environment ("Copy to" in Backup Settings, `copies` in
 * PUT /api/v1/environments/{id}/backup-settings): each a destination that receives a `restic copy` of
 * every good backup, with its own retention (absent: the environment's). And the per-backup copy record
 * the API shows (`Backup.copies`). Browser-safe (zod and pure code only). */
import { z } from "zod";
import { type StoredRetention, ZRetention } from "@/lib/retention/schema";

export const ZCopyTarget = z.object({
  destinationId: z.string().uuid("Choose the copy destination from the list."),
  /** The copy's own retention; absent or null: the environment's. */
  retention: ZRetention.nullable().optional(),
  /** The copy_behind alert opens when this target's newest copy is not done this many hours after its
   * backup (absent: DEFAULT_COPY_BEHIND_HOURS). */
  alertBehindHours: z
    .number({ message: "Enter the number of hours." })
    .int("Enter whole hours.")
    .min(1, "At least 1 hour.")
    .max(720, "At most 720 hours (30 days).")
    .nullable()
    .optional(),
});

/** A copy more than this many hours behind opens copy_behind, unless the target says otherwise. */
export const DEFAULT_COPY_BEHIND_HOURS = 6;

export const ZCopyTargets = z
  .array(ZCopyTarget)
  .max(5, "At most 5 copy destinations per environment.")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.destinationId))
        ctx.addIssue({ code: "custom", message: "This destination is listed twice.", path: [i, "destinationId"] });
      seen.add(c.destinationId);
    });
  });
export type TCopyTargetInput = z.input<typeof ZCopyTarget>;

/** A copy target as stored (backup_settings.copies) and as the settings view returns it. */
export type TCopyTarget = { destinationId: string; retention?: StoredRetention | null; alertBehindHours?: number };

export const COPY_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** One copy of a backup, as `Backup.copies` lists it. */
export type TBackupCopy = {
  destinationId: string;
  destinationName?: string;
  status: CopyStatus;
  snapshotIds: string[];
  copiedAt?: string;
  attempts?: number;
  error?: { code: string; message: string };
};
