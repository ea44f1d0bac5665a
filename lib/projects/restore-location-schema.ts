/* A project's restore location (Lagoon's "custom restore location"): the folder where restores of the
 * project into a folder are staged instead of the system's temporary folder. The shape is checked here
 * (browser-safe); that it exists or can be made and is writable is checked on the server
 * (restore-location.ts). */
import { z } from "zod";

export const ZRestoreLocation = z
  .string()
  .trim()
  .min(1, "Enter a folder, or leave it empty to use the default location")
  .max(1024, "A restore location is at most 1,024 characters")
  .refine((p) => p.startsWith("/"), "Use an absolute path (starting with /)")
  .refine((p) => !p.split("/").includes(".."), 'A restore location cannot contain ".."')
  .refine((p) => p !== "/", "Choose a folder, not the root of the file system")
  .transform((p) => (p.length > 1 ? p.replace(/\/+$/, "") : p));

/** The warning shown wherever a project's own locations are set (the seed's words). */
export const CUSTOM_LOCATION_WARNING =
  "Backups and restores of this project leave the default location: make sure it is backed up and has room.";
