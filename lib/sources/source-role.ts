/* What a source *is* in a restore (API.md "Copies, keys, policies"): a database, uploaded files, the
 * application's code, or its configuration (configuration files, certificates, environment variables).
 * One schema and one default per type, shared by the source form, the API, the restore plan and the
 * Restore dialog. Browser-safe (zod and pure code only). */
import { z } from "zod";

export const SOURCE_ROLES = ["database", "files", "code", "config"] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

export const ZSourceRole = z.enum(SOURCE_ROLES, {
  error: "Choose what this source holds: database, files, code or config",
});

/** The role a source has unless it says otherwise: databases for the database types, files for the
 * rest (a custom command is taken as files until marked otherwise). */
export function defaultRole(type: string): SourceRole {
  return type === "postgres" || type === "mysql" || type === "sqlite" ? "database" : "files";
}

/** The role of a source or a snapshot row (rows written before roles existed carry none). */
export function roleOf(s: { role?: string | null; type: string }): SourceRole {
  return (SOURCE_ROLES as readonly string[]).includes(s.role ?? "") ? (s.role as SourceRole) : defaultRole(s.type);
}

export const ROLE_LABELS: Record<SourceRole, string> = {
  database: "Database",
  files: "Files",
  code: "Code",
  config: "Configuration",
};
