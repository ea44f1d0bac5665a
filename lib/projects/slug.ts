/* Slugs: lower-case ASCII words joined by hyphens, used in panel URLs and as restic --host. Shared by
 * projects and environments; a slug the user types is validated with ZSlug, one made from a name by
 * slugify(). */
import { z } from "zod";

export const ZSlug = z
  .string()
  .trim()
  .min(1, "Enter a slug")
  .max(63, "Use at most 63 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens (e.g. my-app)");

export const ZName = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");

export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
  return s || "item";
}

/** Postgres unique-violation, as thrown by pg (code on the error) or PGlite (code on error or cause). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
}
