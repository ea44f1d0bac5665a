/* Reads an environment's BackupReadiness for its Backups tab and the header's "Backup now": how many
 * sources it has and when its effective (possibly inherited) schedule runs next. */
import "server-only";
import { cache } from "react";
import type { BackupReadiness } from "@/components/backups/types";
import { getBackupSettings } from "@/lib/backup-settings";
import { coalesced } from "@/lib/read-models/coalesce";
import { listSources } from "@/lib/sources";
import { environmentPath, type loadEnvironmentContext } from "./env-context";

type Env = Awaited<ReturnType<typeof loadEnvironmentContext>>;

/** Memoised per request (React `cache`, keyed by the id): the Backups tab and the header's "Backup now"
 * slot render in the same request and read the settings and sources once; identical concurrent reads
 * of other requests share one too (lib/read-models/coalesce.ts). */
const readSettingsAndSources = cache((environmentId: string) =>
  coalesced(`readiness:${environmentId}`, () =>
    Promise.all([getBackupSettings(environmentId), listSources(environmentId)]),
  ),
);

export async function loadBackupReadiness(env: Env) {
  const [settings, sources] = await readSettingsAndSources(env.id);
  const readiness: BackupReadiness = {
    sourceCount: sources.length,
    sourcesHref: `${environmentPath(env)}/sources`,
    nextRun: settings.nextRuns[0] ?? null,
    scheduleWords: settings.scheduleDescriptions,
    scheduleInherited: settings.inherited.includes("schedules"),
  };
  return { readiness, settings, sources };
}
