/* An environment opens on its Backups tab. */
import { redirect } from "next/navigation";

export default async function EnvironmentIndex({ params }: { params: Promise<{ project: string; env: string }> }) {
  const { project, env } = await params;
  redirect(`/projects/${project}/environments/${env}/backups`);
}
