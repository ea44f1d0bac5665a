/* The Alert shape of the REST API and the Alerts page, the kinds and the list/mute inputs. Declared once,
 * browser-safe (the page's filters and the mute dialog validate with the same schemas). */
import { z } from "zod";
import type { Severity } from "@/lib/notify/schema";

export const ALERT_KINDS = [
  "backup_failed",
  "overdue",
  "destination_unreachable",
  "verification_failed",
  "size_anomaly",
  "check_failed",
  "test_restore_failed",
  "storage_low",
  "job_stuck",
  "copy_behind",
  "wal_stream_down",
  "wal_slot_retention",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  backup_failed: "Backup failed",
  overdue: "Backup overdue",
  destination_unreachable: "Destination unreachable",
  verification_failed: "Verification failed",
  size_anomaly: "Size anomaly",
  check_failed: "Integrity check failed",
  test_restore_failed: "Test restore failed",
  storage_low: "Storage low",
  job_stuck: "Job stuck",
  copy_behind: "Copy behind",
  wal_stream_down: "WAL stream down",
  wal_slot_retention: "Replication slot holds much WAL",
};

export type AlertView = {
  id: string;
  kind: string;
  severity: Severity;
  state: "open" | "resolved";
  environmentId?: string;
  destinationId?: string;
  message: string;
  openedAt: string;
  resolvedAt?: string;
  acknowledgedAt?: string;
  mutedUntil?: string;
  /** Panel extras (not in API.md's minimum): names for display. */
  subject?: string;
};

export const ZListAlerts = z.object({
  state: z.enum(["open", "resolved", "all"]).default("open"),
  environmentId: z.string().uuid("Unknown environment").optional(),
  kind: z.enum(ALERT_KINDS, { error: `Use one of: ${ALERT_KINDS.join(", ")}` }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type TListAlerts = z.input<typeof ZListAlerts>;

export const ZMuteAlert = z.object({
  until: z.coerce
    .date({ error: "Give the end of the mute as a date and time (ISO 8601)" })
    .refine((d) => d.getTime() > Date.now(), "Choose a time in the future"),
});
export type TMuteAlert = z.input<typeof ZMuteAlert>;
