/* The shape of a destination handed to pages and the API. Neither the provider secrets nor the
 * repository password ever appear; only `hasSecret` and the names of the secret fields that are set. */
import type { destinations } from "@/lib/db/schema";
import { openJson } from "@/lib/secrets";
import type { DestinationType } from "./schema";

export type DestinationView = {
  id: string;
  name: string;
  type: DestinationType;
  config: Record<string, unknown>;
  hasSecret: boolean;
  secretKeys: string[];
  isDefault: boolean;
  initializedAt: string | null;
  /** when Lifeboat's repository key last changed (a rotation); null: never */
  keyRotatedAt: string | null;
  /** scheduled key rotation every N days; null: off */
  keyRotationDays: number | null;
  createdAt: string;
  updatedAt: string;
};

export function openDestinationSecrets(row: { secretsEnc: string | null }): Record<string, string> {
  return row.secretsEnc ? openJson<Record<string, string>>(row.secretsEnc) : {};
}

export function toDestinationView(row: typeof destinations.$inferSelect): DestinationView {
  const secretKeys = secretKeyNames(row);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config: row.config,
    hasSecret: row.secretsEnc !== null,
    secretKeys,
    isDefault: row.isDefault,
    initializedAt: row.initializedAt?.toISOString() ?? null,
    keyRotatedAt: row.keyRotatedAt?.toISOString() ?? null,
    keyRotationDays: row.keyRotationDays ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Names of the stored secret fields. A value that cannot be opened (wrong master key) must not break
 * listing pages: it shows as "has a secret" with no names, and using it fails with the key message. */
function secretKeyNames(row: { secretsEnc: string | null }): string[] {
  try {
    return Object.keys(openDestinationSecrets(row)).sort();
  } catch {
    return [];
  }
}
