/* The shape of an environment handed to pages and the API, plus the IANA time-zone check. */
import { z } from "zod";
import type { environments } from "@/lib/db/schema";

export const ENVIRONMENT_TYPES = ["production", "staging", "development"] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];
export const ZEnvironmentType = z.enum(ENVIRONMENT_TYPES, "Choose production, staging or development");

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone")
  .refine(isValidTimeZone, "Use an IANA time zone such as Europe/Berlin or UTC");

export type EnvironmentView = {
  id: string;
  projectId: string;
  name: string;
  slug: string;
  type: EnvironmentType;
  active: boolean;
  timezone: string;
  /** Edited recovery targets (null: the default) and the critical mark — lib/environments/rpo-target.ts. */
  rpoSeconds: number | null;
  rtoSeconds: number | null;
  critical: boolean;
  createdAt: string;
  updatedAt: string;
};

export function toEnvironmentView(row: typeof environments.$inferSelect): EnvironmentView {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    slug: row.slug,
    type: row.type,
    active: row.active,
    timezone: row.timezone,
    rpoSeconds: row.rpoSeconds,
    rtoSeconds: row.rtoSeconds,
    critical: row.critical,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
