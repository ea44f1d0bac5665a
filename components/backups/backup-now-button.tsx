/* The environment header's "Backup now": the dialog, and after a start, the Backups tab with the list
 * refreshed so the new backup's progress shows at once (from any tab of the environment). */
"use client";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { BackupNowDialog, type StartBackupAction } from "./backup-now-dialog";

export function BackupNowButton(props: {
  environmentId: string;
  environmentLabel: string;
  defaultLive: boolean;
  hasHooks: boolean;
  backupsHref: string;
  sourceCount: number;
  sourcesHref: string;
  inactive?: boolean;
  startBackup: StartBackupAction;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  return (
    <BackupNowDialog
      {...props}
      onStarted={() => {
        void qc.invalidateQueries({ queryKey: ["backups", props.environmentId] });
        router.push(props.backupsHref);
        router.refresh();
      }}
    />
  );
}
