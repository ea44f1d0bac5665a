/* ProjectFormDialog: create or edit a project (name, optional slug). Validation happens on the server
 * with ZCreateProject/ZUpdateProject; field errors come back next to the field and the typed values stay.
 * On success: toast, refresh the server-rendered list, close. Creating navigates to the new project. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ProjectView } from "@/lib/projects/project-view";
import type { ProjectActions } from "./action-types";

export function ProjectFormDialog({
  project,
  actions,
  open,
  onOpenChange,
}: {
  project?: ProjectView;
  actions: Pick<ProjectActions, "create" | "update">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState(project?.name ?? "");
  const [slug, setSlug] = useState(project?.slug ?? "");
  useEffect(() => {
    if (open) {
      setName(project?.name ?? "");
      setSlug(project?.slug ?? "");
    }
  }, [open, project]);

  const form = useActionForm(
    (input: { name: string; slug: string }) =>
      project ? actions.update(project.id, { name: input.name, slug: input.slug }) : actions.create(input),
    {
      onSuccess: (p) => {
        toast.success(project ? `Project ${p.name} saved` : `Project ${p.name} created`);
        onOpenChange(false);
        if (!project) router.push(`/projects/${p.slug}`);
        else if (p.slug !== project.slug && window.location.pathname.startsWith(`/projects/${project.slug}`))
          router.replace(`/projects/${p.slug}`);
        else router.refresh();
      },
    },
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) form.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={project ? `Edit project ${project.name}` : "New project"}
        description={
          project ? undefined : "A project groups the environments of one application (production, staging, …)."
        }
        testId="project-dialog"
      >
        <form className="flex flex-col gap-3" onSubmit={form.handleSubmit(() => ({ name, slug }))} noValidate>
          <TextField
            id="name"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={form.fieldError("name")}
            autoFocus
            placeholder="e.g. Acme shop"
            required
          />
          <TextField
            id="slug"
            label="Slug"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            error={form.fieldError("slug")}
            placeholder={project ? undefined : "made from the name"}
            hint="Used in the panel's URLs. Lower-case letters, digits and hyphens."
            className="[&_input]:font-mono"
          />
          <FormError message={form.formError} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={form.pending} data-testid="project-submit">
              {project ? "Save" : "Create project"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
