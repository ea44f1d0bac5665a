/* The Restores tab of an environment: its restore history (RestoresTable), first page rendered on the
 * server. Viewers see it too; Undo leads to the safety backup's Restore dialog, which needs operator. */
import { requirePageActor } from "@/components/layout/require-page-actor";
import { RestoresTable } from "@/components/restore/restores-table";
import { listRestores } from "@/lib/restores/list-restores";
import { environmentPath, loadEnvironmentContext } from "../backups/env-context";

export const metadata = { title: "Restores" };

export default async function RestoresPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const page = await listRestores(env.id, { limit: 50 });
  return (
    <RestoresTable
      environmentId={env.id}
      initialPage={JSON.parse(JSON.stringify(page))}
      timeZone={env.timezone}
      backupsPath={`${environmentPath(env)}/backups`}
    />
  );
}
