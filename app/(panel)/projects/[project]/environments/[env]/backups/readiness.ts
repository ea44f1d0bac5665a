/* Reads an environment's BackupReadiness for its Backups tab and the header's "Backup now": how many
 * sources it has and when its effective (possibly inherited) schedule runs next. */
import "server-only";
import type { BackupReadiness } from "@/components/backups/types";
import { getBackupSettings } from "@/lib/backup-settings";
import { listSources } from "@/lib/sources";
import { environmentPath, type loadEnvironmentContext } from "./env-context";

type Env = Awaited<ReturnType<typeof loadEnvironmentContext>>;

export async function loadBackupReadiness(env: Env) {
  const [settings, sources] = await Promise.all([getBackupSettings(env.id), listSources(env.id)]);
  const readiness: BackupReadiness = {
    sourceCount: sources.length,
    sourcesHref: `${environmentPath(env)}/sources`,
    nextRun: settings.nextRuns[0] ?? null,
    scheduleWords: settings.scheduleDescriptions,
    scheduleInherited: settings.inherited.includes("schedules"),
  };
  return { readiness, settings, sources };
}
