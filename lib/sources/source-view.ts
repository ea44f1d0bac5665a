/* The shape of a source handed to pages and the API. Secrets never appear: only `hasSecret` and the
 * names of the secret fields that are set (so a form can show "password: set"). */
import type { sources, SourceHooks } from "@/lib/db/schema";
import { openJson } from "@/lib/secrets";
import type { SourceType } from "./source-config";
import { roleOf, type SourceRole } from "./source-role";
import type { PitrStatus } from "@/lib/pitr/schema";

export type SourceView = {
  id: string;
  environmentId: string;
  name: string;
  type: SourceType;
  config: Record<string, unknown>;
  hasSecret: boolean;
  secretKeys: string[];
  hooks: SourceHooks | null;
  workerLabel: string | null;
  /** What it holds for a restore: database, files, code or config. */
  role: SourceRole;
  /** PostgreSQL sources: the point-in-time recovery status. */
  pitr?: PitrStatus;
  createdAt: string;
  updatedAt: string;
};

export function openSourceSecrets(row: { secretsEnc: string | null }): Record<string, string> {
  return row.secretsEnc ? openJson<Record<string, string>>(row.secretsEnc) : {};
}

export function toSourceView(row: typeof sources.$inferSelect): SourceView {
  const secretKeys = secretKeyNames(row);
  return {
    id: row.id,
    environmentId: row.environmentId,
    name: row.name,
    type: row.type,
    config: row.config,
    hasSecret: row.secretsEnc !== null,
    secretKeys,
    hooks: row.hooks ?? null,
    workerLabel: row.workerLabel,
    role: roleOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Drops empty values so "" in a form means "not set", then seals nothing if nothing is left. */
export function compactSecrets(s: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s ?? {})) if (typeof v === "string" && v !== "") out[k] = v;
  return out;
}

/** Names of the stored secret fields. A value that cannot be opened (wrong master key) must not break
 * listing pages: it shows as "has a secret" with no names, and using it fails with the key message. */
function secretKeyNames(row: { secretsEnc: string | null }): string[] {
  try {
    return Object.keys(openSourceSecrets(row)).sort();
  } catch {
    return [];
  }
}
