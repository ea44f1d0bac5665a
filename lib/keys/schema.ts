/* The keys operations' schemas and shapes (browser-safe, zod only): adding a key (the new key's
 * password, the admin's own password again, an optional label), the rotation schedule of a destination,
 * and what the keys list and a rotation look like to pages and the API. */
import { z } from "zod";

/** A password for a repository key: restic reads it as one line. */
export const ZKeyPassword = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(1024, "At most 1024 characters")
  .refine((s) => !/[\r\n]/.test(s), "A key password cannot contain line breaks");

export const ZAddKey = z.object({
  password: ZKeyPassword,
  adminPassword: z.string().min(1, "Enter your own password to confirm").max(1024),
  /** restic's "user" label of the key, e.g. "auditor" or "break-glass" */
  userName: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/, "1-64 letters, digits or _ . @ -")
    .optional(),
});
export type TAddKey = z.input<typeof ZAddKey>;

export const ZKeyId = z.string().regex(/^[0-9a-f]{8,64}$/, "Not a key id");

/** Scheduled rotation: every `rotationDays` days (null: off, the default). */
export const ZKeyRotationSchedule = z.object({
  rotationDays: z.number().int().min(1, "At least 1 day").max(3650, "At most 10 years").nullable(),
});
export type TKeyRotationSchedule = z.input<typeof ZKeyRotationSchedule>;

export type RepositoryKeyView = {
  id: string;
  userName: string;
  hostName: string;
  created: string;
  /** the key Lifeboat opens the repository with */
  current: boolean;
};

export type KeyRotationView = {
  id: string;
  destinationId: string;
  jobId: string | null;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  trigger: "scheduled" | "manual";
  step: string;
  oldKeyId: string | null;
  newKeyId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { message: string } | null;
};

export type DestinationKeysView = {
  items: RepositoryKeyView[];
  rotation: {
    lastRotatedAt: string | null;
    rotationDays: number | null;
    /** the rotation queued or running now, or the latest one */
    latest: KeyRotationView | null;
  };
};
