/* GET /api/panel/restores/:id — a restore for its live progress and result, with what the panel needs
 * around it: the target's name and, once a safety backup exists, where "Undo this restore" leads (that
 * backup's page with its Restore dialog open, proposing this restore's scope). Viewer+. */
import { apiRoute } from "@/lib/http";
import { getRestore } from "@/lib/backups";
import { getEnvironment } from "@/lib/environments";
import { getProject } from "@/lib/projects";

export const GET = apiRoute("viewer", async ({ params }) => {
  const restore = await getRestore(params.id!);
  const env = await getEnvironment(restore.targetEnvironmentId);
  const project = await getProject(env.projectId);
  const base = `/projects/${project.slug}/environments/${env.slug}/backups`;
  return {
    restore: {
      ...restore,
      targetLabel: `${project.name} / ${env.name}`,
      undoHref: restore.safetyBackupId ? `${base}/${restore.safetyBackupId}?restore=1&undo=${restore.id}` : null,
    },
  };
});
