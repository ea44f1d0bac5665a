/* Which sources stream WAL: PostgreSQL sources whose config has `pitr.enabled`, with what a stream
 * needs (connection with secrets opened — never returned to a browser —, the environment's slug as
 * restic host, the worker label that pins it, the environment's destinations). */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, sources } from "@/lib/db/schema";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import { postgresToolConnection, type ShipTarget, type ToolConnection } from "@/lib/engine";

import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { DEFAULT_BASE_BACKUP_CRON, type TPitrConfig } from "@/lib/sources/source-config";

export type PitrSource = {
  id: string;
  name: string;
  environmentId: string;
  host: string;
  workerLabel: string | null;
  pitr: TPitrConfig;
  baseBackupCron: string;
};

export async function listPitrSources(): Promise<PitrSource[]> {
  const rows = await getDb()
    .select({
      id: sources.id,
      name: sources.name,
      environmentId: sources.environmentId,
      host: environments.slug,
      workerLabel: sources.workerLabel,
      config: sources.config,
    })
    .from(sources)
    .innerJoin(environments, eq(environments.id, sources.environmentId))
    .where(sql`${sources.type} = 'postgres' and (${sources.config}->'pitr'->>'enabled')::boolean is true`);
  return rows.map((r) => {
    const pitr = r.config.pitr as TPitrConfig;
    return { ...r, pitr, baseBackupCron: pitr.baseBackupCron ?? DEFAULT_BASE_BACKUP_CRON };
  });
}

export async function pitrConnection(sourceId: string): Promise<ToolConnection> {
  return postgresToolConnection(await loadSourceSpec(sourceId));
}

/** Every destination of the environment, repositories created when missing. */
export async function pitrTargets(environmentId: string): Promise<ShipTarget[]> {
  const { destinationIds } = await getEffectiveSettings(environmentId);
  const out: ShipTarget[] = [];
  for (const id of destinationIds) out.push({ id, repo: (await openDestinationRepo(id, { init: true })).repo });
  return out;
}
