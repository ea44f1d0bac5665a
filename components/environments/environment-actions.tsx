/* Buttons and menus that change environments (admins only; the server checks again): "New
 * environment", and per environment Edit / Pause-Resume / Delete with a confirmation naming
 * "project / environment". */
"use client";
import { Pause, Pencil, Play, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { EnvironmentView } from "@/lib/environments/environment-view";
import type { EnvironmentActions } from "./action-types";
import { EnvironmentFormDialog } from "./environment-form-dialog";

export function NewEnvironmentButton({
  projectId,
  projectSlug,
  actions,
  label = "New environment",
}: {
  projectId: string;
  projectSlug: string;
  actions: EnvironmentActions;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-environment">
        <Plus aria-hidden /> {label}
      </Button>
      <EnvironmentFormDialog
        projectId={projectId}
        projectSlug={projectSlug}
        actions={actions}
        open={open}
        onOpenChange={setOpen}
      />
    </>
  );
}

export function EnvironmentRowActions({
  projectName,
  projectSlug,
  environment,
  actions,
  afterDelete,
}: {
  projectName: string;
  projectSlug: string;
  environment: EnvironmentView;
  actions: EnvironmentActions;
  afterDelete?: string;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const label = `${projectName} / ${environment.name}`;

  async function toggleActive() {
    const r = await actions.update(environment.id, { active: !environment.active });
    if (!r.ok) toast.error(r.error.message);
    else {
      toast.success(
        r.data.active
          ? `${label} is active again: its schedules run and it can be backed up and restored into`
          : `${label} is inactive: its schedules are paused, and it takes no backups and no restores until activated`,
      );
      router.refresh();
    }
  }

  return (
    <>
      <RowActions
        label={`Actions for environment ${label}`}
        testId={`environment-actions-${environment.slug}`}
        items={[
          { key: "edit", label: "Edit", icon: <Pencil aria-hidden />, onSelect: () => setEditing(true) },
          environment.active
            ? {
                key: "pause",
                label: "Deactivate (pause schedules)",
                icon: <Pause aria-hidden />,
                onSelect: () => void toggleActive(),
              }
            : {
                key: "resume",
                label: "Activate",
                icon: <Play aria-hidden />,
                onSelect: () => void toggleActive(),
              },
          {
            key: "delete",
            label: "Delete",
            icon: <Trash2 aria-hidden />,
            destructive: true,
            onSelect: () => setDeleting(true),
          },
        ]}
      />
      <EnvironmentFormDialog
        projectId={environment.projectId}
        projectSlug={projectSlug}
        environment={environment}
        actions={actions}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete environment ${label}?`}
        description="The environment and its backup settings are removed from Lifeboat. An environment that still has sources or backups cannot be deleted: remove those first."
        confirmLabel="Delete environment"
        confirmText={environment.type === "production" ? environment.name : undefined}
        onConfirm={async () => {
          const r = await actions.remove(environment.id);
          if (!r.ok) return r.error.message;
          toast.success(`Environment ${label} deleted`);
          if (afterDelete) router.push(afterDelete);
          else router.refresh();
          return null;
        }}
      />
    </>
  );
}
