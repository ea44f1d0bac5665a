/* Backup detail: per-source snapshots and sizes, the file browser of directory sources, Restore and the
 * recovery kit. `?restore=1` opens the Restore dialog at once; with `&undo=<restore id>` (the "Undo this
 * restore" link) it proposes that restore's scope and files. */
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { BackupDetail } from "@/components/backups/backup-detail";
import { roleAtLeast } from "@/lib/auth";
import { canDownloadBackupContents } from "@/lib/backups/download-policy";
import { getBackup } from "@/lib/backups/get-backup";
import { listDestinations } from "@/lib/destinations";
import { listEnvironments } from "@/lib/environments";
import { listSourceNames } from "@/lib/sources";
import { isAppError } from "@/lib/errors";
import { undoSelection } from "@/lib/restores";
import { cancelJobAction } from "../actions";
import { environmentPath, loadEnvironmentContext } from "../env-context";
import { previewRestoreAction, recoveryKitAction, startRestoreAction } from "./actions";

export const metadata = { title: "Backup" };

export default async function BackupDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string; env: string; backup: string }>;
  searchParams: Promise<{ restore?: string; undo?: string }>;
}) {
  const actor = await requirePageActor("viewer");
  const { project, env: envSlug, backup: backupId } = await params;
  const { restore, undo } = await searchParams;
  const env = await loadEnvironmentContext(project, envSlug);
  const backup = await getBackup(backupId).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  if (backup.environmentId !== env.id) notFound();
  const [siblings, destinations, undoing] = await Promise.all([
    listEnvironments(env.projectId),
    listDestinations(),
    restore === "1" && undo ? undoSelection(undo, backup.id) : null,
  ]);
  // What each environment's sources are called: the Restore dialog maps backed-up sources onto them.
  const siblingSources = await listSourceNames(siblings.map((e) => e.id));
  const targets = siblings.map((e) => ({
    id: e.id,
    name: e.name,
    slug: e.slug,
    type: e.type,
    sources: siblingSources.get(e.id) ?? [],
  }));
  const used = new Set(backup.sources.map((s: { destinationId: string }) => s.destinationId));
  return (
    <div className="flex flex-col gap-4">
      <Link
        href={`${environmentPath(env)}/backups`}
        className="inline-flex w-fit items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        <ArrowLeft className="size-4" aria-hidden /> All backups
      </Link>
      <BackupDetail
        initial={JSON.parse(JSON.stringify(backup))}
        env={env}
        targets={targets}
        canOperate={roleAtLeast(actor.role, "operator")}
        isAdmin={actor.role === "admin"}
        canDownload={canDownloadBackupContents(actor.role)}
        openRestore={restore === "1"}
        undo={undoing}
        destinations={destinations.filter((d) => used.has(d.id)).map((d) => ({ id: d.id, name: d.name }))}
        startRestore={startRestoreAction}
        previewRestore={previewRestoreAction}
        cancelJob={cancelJobAction}
        recoveryKit={recoveryKitAction}
      />
    </div>
  );
}
