/* The re-key operation's schemas and shapes (browser-safe, zod only): what an admin sends to re-key a
 * destination's repository (the admin's own password again, how long to keep the old repository, and
 * optionally the new repository's password and location) and what the state of a re-key looks like. */
import { z } from "zod";
import { ZKeyPassword } from "../schema";

export const REKEY_KEEP_DAYS_DEFAULT = 7;

export const ZRekeyRequest = z.object({
  adminPassword: z.string().min(1, "Enter your own password to confirm").max(1024),
  /** days the old repository is kept after the switch, then deleted (1–90, default 7) */
  keepOldDays: z
    .number()
    .int("Whole days")
    .min(1, "At least 1 day")
    .max(90, "At most 90 days")
    .default(REKEY_KEEP_DAYS_DEFAULT),
  /** the new repository's password (left out: a fresh one is generated) */
  password: ZKeyPassword.optional(),
  /** where the new repository goes: a folder (local, SFTP), a prefix (S3) or a URL (REST); left out: next
   * to the old one, with "-rekey-<date>" added */
  location: z.string().trim().min(1).max(1024).optional(),
});
export type TRekeyRequest = z.input<typeof ZRekeyRequest>;

export type RekeyView = {
  id: string;
  destinationId: string;
  jobId: string | null;
  status: "queued" | "running" | "switched" | "done" | "failed" | "cancelled";
  step: string;
  /** the new repository (a display URL without credentials) */
  newLocation: string;
  keepOldDays: number;
  snapshotsCopied: number | null;
  createdAt: string;
  switchedAt: string | null;
  finishedAt: string | null;
  error: { message: string } | null;
};

/** GET /destinations/{id}/rekey: none (never re-keyed, or the last one failed before the switch and was
 * cleared), running (queued or running), switched (the new repository is in use, the old one is kept
 * until deleteAfter) — or done, once the old one is deleted. */
export type DestinationRekeyState = {
  state: "none" | "running" | "switched" | "done" | "failed";
  /** the repository in use now (display URL) and its size, what a re-key would copy */
  location: string;
  repositoryBytes: number | null;
  snapshotCount: number | null;
  /** switched: the old repository's display URL and when it is deleted */
  oldLocation: string | null;
  deleteAfter: string | null;
  latest: RekeyView | null;
};
