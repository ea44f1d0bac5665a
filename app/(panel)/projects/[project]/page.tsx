/* One project: its environments (type, active or paused, time zone). Admins add, edit, pause and delete
 * environments and edit or delete the project itself. Each environment opens on its Backups tab. */
import { Layers, TriangleAlert } from "lucide-react";
import { listDestinations } from "@/lib/destinations/get-destination";
import { CUSTOM_LOCATION_WARNING } from "@/lib/projects/restore-location-schema";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EnvironmentRowActions, NewEnvironmentButton } from "@/components/environments/environment-actions";
import { EnvironmentTypeBadge } from "@/components/environments/environment-type-badge";
import { ProjectRowActions } from "@/components/projects/project-actions";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { listEnvironments } from "@/lib/environments";
import { getProjectBySlug } from "@/lib/projects";
import { isAppError } from "@/lib/errors";
import { createProjectAction, deleteProjectAction, updateProjectAction } from "../actions";
import { createEnvironmentAction, deleteEnvironmentAction, updateEnvironmentAction } from "./environment-actions";

const projectActions = { create: createProjectAction, update: updateProjectAction, remove: deleteProjectAction };
const environmentActions = {
  create: createEnvironmentAction,
  update: updateEnvironmentAction,
  remove: deleteEnvironmentAction,
};

export async function generateMetadata({ params }: { params: Promise<{ project: string }> }) {
  return { title: (await params).project };
}

export default async function ProjectPage({ params }: { params: Promise<{ project: string }> }) {
  const actor = await requirePageActor("viewer");
  const canEdit = actor.role === "admin";
  const { project: slug } = await params;
  const project = await getProjectBySlug(slug).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [envs, destinations] = await Promise.all([listEnvironments(project.id), listDestinations()]);
  const ownDestination = destinations.find((d) => d.id === project.defaultDestinationId);
  return (
    <>
      <PageHeader
        breadcrumb={
          <Link href="/projects" className="hover:underline">
            Projects
          </Link>
        }
        title={project.name}
        description={<span className="font-mono text-xs">{project.slug}</span>}
        actions={
          canEdit ? (
            <>
              {envs.length > 0 ? (
                <NewEnvironmentButton projectId={project.id} projectSlug={project.slug} actions={environmentActions} />
              ) : null}
              <ProjectRowActions
                project={project}
                actions={projectActions}
                afterDelete="/projects"
                destinations={destinations.map((d) => ({ id: d.id, name: d.name }))}
              />
            </>
          ) : null
        }
      />
      {ownDestination || project.restoreLocation ? (
        <div
          role="note"
          data-testid="project-locations"
          className="mb-4 flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>
            {ownDestination ? (
              <>
                Backs up to <strong>{ownDestination.name}</strong> unless an environment chooses otherwise.{" "}
              </>
            ) : null}
            {project.restoreLocation ? (
              <>
                Restores into a folder are staged in <span className="font-mono">{project.restoreLocation}</span>.{" "}
              </>
            ) : null}
            {CUSTOM_LOCATION_WARNING}
          </span>
        </div>
      ) : null}
      {envs.length === 0 ? (
        <EmptyState
          icon={<Layers />}
          title="No environments yet"
          description={
            canEdit
              ? "Add an environment (production, staging, …), then add the databases and directories to back up in it."
              : "An admin has not added any environments to this project yet."
          }
          action={
            canEdit ? (
              <NewEnvironmentButton
                projectId={project.id}
                projectSlug={project.slug}
                actions={environmentActions}
                label="Add the first environment"
              />
            ) : null
          }
        />
      ) : (
        <TableCard>
          <Table data-testid="environments-table">
            <THead>
              <tr>
                <Th>Environment</Th>
                <Th>Type</Th>
                <Th>Schedules</Th>
                <Th>Time zone</Th>
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {envs.map((e) => (
                <Tr key={e.id} data-testid={`environment-row-${e.slug}`}>
                  <Td>
                    <Link
                      href={`/projects/${project.slug}/environments/${e.slug}/backups`}
                      className="font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400"
                    >
                      {e.name}
                    </Link>
                    <span className="ml-2 font-mono text-xs text-zinc-400">{e.slug}</span>
                  </Td>
                  <Td>
                    <EnvironmentTypeBadge type={e.type} />
                  </Td>
                  <Td>{e.active ? <StatusBadge status="active" /> : <StatusBadge status="paused" />}</Td>
                  <Td className="text-zinc-500">{e.timezone}</Td>
                  <Td className="text-right">
                    {canEdit ? (
                      <EnvironmentRowActions
                        projectName={project.name}
                        projectSlug={project.slug}
                        environment={e}
                        actions={environmentActions}
                      />
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableCard>
      )}
    </>
  );
}
