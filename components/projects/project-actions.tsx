/* Buttons and menus that change projects, for admins only (the page passes canEdit; the server checks
 * the role again): "New project", and the per-project Edit/Delete menu with its confirmation dialog. */
"use client";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { ProjectView } from "@/lib/projects/project-view";
import type { DestinationChoice, ProjectActions } from "./action-types";
import { ProjectFormDialog } from "./project-form-dialog";

export function NewProjectButton({ actions, label = "New project" }: { actions: ProjectActions; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-project">
        <Plus aria-hidden /> {label}
      </Button>
      <ProjectFormDialog actions={actions} open={open} onOpenChange={setOpen} />
    </>
  );
}

export function ProjectRowActions({
  project,
  actions,
  afterDelete,
  destinations,
}: {
  project: ProjectView;
  actions: ProjectActions;
  afterDelete?: string;
  /** Given: the edit dialog also offers the project's default destination and restore location. */
  destinations?: DestinationChoice[];
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <RowActions
        label={`Actions for project ${project.name}`}
        testId={`project-actions-${project.slug}`}
        items={[
          { key: "edit", label: "Edit", icon: <Pencil aria-hidden />, onSelect: () => setEditing(true) },
          {
            key: "delete",
            label: "Delete",
            icon: <Trash2 aria-hidden />,
            destructive: true,
            onSelect: () => setDeleting(true),
          },
        ]}
      />
      <ProjectFormDialog
        project={project}
        actions={actions}
        destinations={destinations}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete project ${project.name}?`}
        description="The project is removed from Lifeboat. Projects that still have environments cannot be deleted: delete their environments first."
        confirmLabel="Delete project"
        onConfirm={async () => {
          const r = await actions.remove(project.id);
          if (!r.ok) return r.error.message;
          toast.success(`Project ${project.name} deleted`);
          if (afterDelete) router.push(afterDelete);
          else router.refresh();
          return null;
        }}
      />
    </>
  );
}
