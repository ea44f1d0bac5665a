/* Projects: every project with its number of environments. Admins create, edit and delete here. */
import { FolderKanban } from "lucide-react";
import Link from "next/link";
import { NewProjectButton, ProjectRowActions } from "@/components/projects/project-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { listProjects } from "@/lib/projects";
import { createProjectAction, deleteProjectAction, updateProjectAction } from "./actions";

const projectActions = { create: createProjectAction, update: updateProjectAction, remove: deleteProjectAction };

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await requirePageActor("viewer");
  const canEdit = actor.role === "admin";
  const projects = await listProjects();
  return (
    <>
      <PageHeader
        title="Projects"
        description="A project groups the environments of one application."
        actions={canEdit && projects.length > 0 ? <NewProjectButton actions={projectActions} /> : null}
      />
      {projects.length === 0 ? (
        <EmptyState
          icon={<FolderKanban />}
          title="No projects yet"
          description={
            canEdit
              ? "Create a project for your application, then add its environments and what to back up in each."
              : "An admin has not created any projects yet."
          }
          action={canEdit ? <NewProjectButton actions={projectActions} label="Create the first project" /> : null}
        />
      ) : (
        <TableCard>
          <Table data-testid="projects-table">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Slug</Th>
                <Th numeric>Environments</Th>
                <Th>Created</Th>
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {projects.map((p) => (
                <Tr key={p.id} data-testid={`project-row-${p.slug}`}>
                  <Td>
                    <Link
                      href={`/projects/${p.slug}`}
                      className="font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400"
                    >
                      {p.name}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs text-zinc-500">{p.slug}</Td>
                  <Td numeric>{p.environmentCount}</Td>
                  <Td className="text-zinc-500">
                    <RelativeTime iso={p.createdAt} />
                  </Td>
                  <Td className="text-right">
                    {canEdit ? <ProjectRowActions project={p} actions={projectActions} /> : null}
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
