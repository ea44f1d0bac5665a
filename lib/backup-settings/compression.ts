/* The compression level of an environment's backups (restic `--compression`, repository format 2; a
 * format-1 repository ignores it): auto (restic's default, fast), max (smaller, slower), off (no
 * compression: fastest, largest — for data that is already compressed). Browser-safe. */
import { z } from "zod";

export const COMPRESSION_LEVELS = ["auto", "max", "off"] as const;
export type TCompression = (typeof COMPRESSION_LEVELS)[number];

export const ZCompression = z.enum(COMPRESSION_LEVELS, { error: "Compression is auto, max or off" });

export const COMPRESSION_LABELS: Record<TCompression, string> = {
  auto: "Auto — restic's default: fast, compresses what compresses well",
  max: "Max — smallest backups, more CPU time",
  off: "Off — no compression (for data already compressed: media, archives)",
};
