/* The environment header's action slot (parallel route, rendered by ../layout.tsx on every tab):
 * "Backup now" for operators and admins. Viewers get nothing here; the server refuses them anyway.
 * hasHooks (the dialog's "live skips hooks" hint) counts the environment-wide hooks of the backup
 * settings as well as each source's own, because the backup runner falls back to the former. */
import { requirePageActor } from "@/components/layout/require-page-actor";
import { BackupNowButton } from "@/components/backups/backup-now-button";
import { backupRunsHooks } from "@/components/backups/has-hooks";
import { roleAtLeast } from "@/lib/auth";
import { startBackupAction } from "../backups/actions";
import { environmentPath, loadEnvironmentContext } from "../backups/env-context";
import { loadBackupReadiness } from "../backups/readiness";

export default async function EnvironmentActions({ params }: { params: Promise<{ project: string; env: string }> }) {
  const actor = await requirePageActor("viewer");
  if (!roleAtLeast(actor.role, "operator")) return null;
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const { readiness, settings, sources } = await loadBackupReadiness(env);
  return (
    <BackupNowButton
      environmentId={env.id}
      environmentLabel={`${env.projectName} / ${env.name}`}
      defaultLive={settings.live}
      hasHooks={backupRunsHooks(settings.hooks, sources)}
      backupsHref={`${environmentPath(env)}/backups`}
      sourceCount={readiness.sourceCount}
      sourcesHref={readiness.sourcesHref}
      inactive={!env.active}
      startBackup={startBackupAction}
    />
  );
}
