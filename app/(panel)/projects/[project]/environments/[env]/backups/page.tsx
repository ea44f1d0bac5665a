/* The Backups tab of an environment: the first page of backups rendered on the server, then React Query
 * keeps it live (progress of running backups, "Load more"). Viewers see the list without controls. */
import { requirePageActor } from "@/components/layout/require-page-actor";
import { BackupsView } from "@/components/backups/backups-view";
import { roleAtLeast } from "@/lib/auth";
import { listBackups } from "@/lib/backups/list-backups";
import { PointInTimeSection } from "@/components/pitr/point-in-time-section";
import { listPitrSources } from "@/lib/pitr/inventory/pitr-sources";
import { cancelJobAction } from "./actions";
import { restoreToTimeAction } from "./pitr-actions";
import { environmentPath, loadEnvironmentContext } from "./env-context";
import { loadBackupReadiness } from "./readiness";

export const metadata = { title: "Backups" };

export default async function BackupsPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  const actor = await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const [initialPage, { readiness }, pitrSources] = await Promise.all([
    listBackups(env.id, { limit: 50 }),
    loadBackupReadiness(env),
    listPitrSources(env.id),
  ]);
  const canOperate = roleAtLeast(actor.role, "operator");
  return (
    <>
      <PointInTimeSection
        sources={pitrSources}
        timeZone={env.timezone}
        canOperate={canOperate}
        action={restoreToTimeAction}
      />
      <BackupsView
        env={env}
        initialPage={JSON.parse(JSON.stringify(initialPage))}
        canOperate={canOperate}
        canDelete={roleAtLeast(actor.role, "admin")}
        settingsHref={`${environmentPath(env)}/backups/settings`}
        readiness={readiness}
        cancelJob={cancelJobAction}
      />
    </>
  );
}
