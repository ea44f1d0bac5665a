/* Buttons and menus that change sources (admins only; the server checks again): "Add source", and per
 * source Edit / Delete with a confirmation naming the source and its environment. */
"use client";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RowActions } from "@/components/ui/row-actions";
import { toast } from "@/components/ui/toast";
import type { SourceView } from "@/lib/sources/source-view";
import type { SourceActions } from "./action-types";
import { SourceFormDialog } from "./source-form-dialog";

export function NewSourceButton({
  environmentId,
  environmentLabel,
  actions,
  label = "Add source",
}: {
  environmentId: string;
  environmentLabel: string;
  actions: SourceActions;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="new-source">
        <Plus aria-hidden /> {label}
      </Button>
      <SourceFormDialog
        environmentId={environmentId}
        environmentLabel={environmentLabel}
        actions={actions}
        open={open}
        onOpenChange={setOpen}
      />
    </>
  );
}

export function SourceRowActions({
  source,
  environmentLabel,
  actions,
}: {
  source: SourceView;
  environmentLabel: string;
  actions: SourceActions;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <RowActions
        label={`Actions for source ${source.name}`}
        testId={`source-actions-${source.name}`}
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
      <SourceFormDialog
        environmentId={source.environmentId}
        environmentLabel={environmentLabel}
        source={source}
        actions={actions}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete source ${source.name} from ${environmentLabel}?`}
        description="Future backups of this environment will no longer include it. Snapshots already taken stay in the repository until retention removes them."
        confirmLabel="Delete source"
        onConfirm={async () => {
          const r = await actions.remove(source.id);
          if (!r.ok) return r.error.message;
          toast.success(`Source ${source.name} deleted`);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
