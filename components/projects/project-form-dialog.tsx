/* ProjectFormDialog: create or edit a project (name, optional slug; when editing with the destinations
 * given, its own default destination and restore location, with the warning that they leave the default
 * location). Validation happens on the server
 * with ZCreateProject/ZUpdateProject; field errors come back next to the field and the typed values stay.
 * On success: toast, refresh the server-rendered list, close. Creating navigates to the new project. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { CUSTOM_LOCATION_WARNING } from "@/lib/projects/restore-location-schema";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ProjectView } from "@/lib/projects/project-view";
import type { DestinationChoice, ProjectActions, ProjectInput } from "./action-types";

export function ProjectFormDialog({
  project,
  actions,
  destinations,
  open,
  onOpenChange,
}: {
  project?: ProjectView;
  actions: Pick<ProjectActions, "create" | "update">;
  destinations?: DestinationChoice[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState(project?.name ?? "");
  const [slug, setSlug] = useState(project?.slug ?? "");
  const [destinationId, setDestinationId] = useState(project?.defaultDestinationId ?? "");
  const [location, setLocation] = useState(project?.restoreLocation ?? "");
  useEffect(() => {
    if (open) {
      setName(project?.name ?? "");
      setSlug(project?.slug ?? "");
      setDestinationId(project?.defaultDestinationId ?? "");
      setLocation(project?.restoreLocation ?? "");
    }
  }, [open, project]);
  const locations = project && destinations;

  const form = useActionForm(
    (input: ProjectInput) =>
      project
        ? actions.update(project.id, {
            name: input.name,
            slug: input.slug,
            ...(locations
              ? { defaultDestinationId: destinationId || null, restoreLocation: location.trim() || null }
              : {}),
          })
        : actions.create(input),
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
          {locations ? (
            <>
              <Field
                id="defaultDestinationId"
                label="Default destination"
                error={form.fieldError("defaultDestinationId")}
                hint="Where this project's environments back up unless they choose their own."
              >
                {(p) => (
                  <Select
                    {...p}
                    value={destinationId}
                    onChange={(e) => setDestinationId(e.target.value)}
                    data-testid="project-destination"
                  >
                    <option value="">Lifeboat's default destination</option>
                    {destinations.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <TextField
                id="restoreLocation"
                label="Restore location"
                value={location}
                onChange={(e) => {
                  setLocation(e.target.value);
                  form.reset(); // the server's verdict was about the path as it was sent
                }}
                error={form.fieldError("restoreLocation")}
                placeholder="the system's temporary folder"
                hint="Where restores of this project into a folder are staged. Created if missing; must be writable."
                className="[&_input]:font-mono"
                data-testid="project-restore-location"
              />
              {destinationId || location.trim() ? (
                <p
                  role="note"
                  data-testid="project-location-warning"
                  className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
                >
                  {CUSTOM_LOCATION_WARNING}
                </p>
              ) : null}
            </>
          ) : null}
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
