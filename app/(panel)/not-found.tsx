/* Shown when a project, environment or page does not exist (e.g. renamed or deleted). */
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClasses } from "@/components/ui/button";

export default function PanelNotFound() {
  return (
    <EmptyState
      title="Not found"
      description="This page does not exist. The project or environment may have been renamed or deleted."
      action={
        <Link href="/projects" className={buttonClasses()}>
          Go to projects
        </Link>
      }
    />
  );
}
