/* Backup Settings (the gear icon): retention, schedules and destinations of one environment. Everyone
 * who can see the environment can read them; only admins get an editable form (the save action refuses
 * everyone else too). */
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { BackupSettingsForm } from "@/components/backup-settings/backup-settings-form";
import { roleAtLeast } from "@/lib/auth";
import { getBackupSettings, type TBackupSettingsValues } from "@/lib/backup-settings";
import { listDestinations } from "@/lib/destinations";
import { explainPolicy, listRetentionPresets } from "@/lib/retention";
import { listTimezones } from "@/lib/schedules";
import { environmentPath, loadEnvironmentContext } from "../env-context";
import { destinationOption } from "@/components/backup-settings/destination-option";
import { createDestinationAction, verifyNewDestinationAction } from "@/app/(panel)/destinations/actions";
import { AlertRulesCard } from "@/components/alert-rules/alert-rules-card";
import { getRuleOverrides } from "@/lib/alerts/overrides/store";
import { saveAlertRulesAction } from "./alert-rules-actions";
import { previewRetentionAction, previewScheduleAction, saveSettingsAction } from "./actions";

export const metadata = { title: "Backup settings" };

export default async function BackupSettingsPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  const actor = await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const [settings, destinations, alertRules] = await Promise.all([
    getBackupSettings(env.id),
    listDestinations(),
    getRuleOverrides("environment", env.id),
  ]);
  const initial: TBackupSettingsValues = {
    schedules: settings.schedules,
    retention: settings.retention,
    maxManualBackups: settings.maxManualBackups,
    maxBackups: settings.maxBackups,
    destinationIds: settings.destinationIds,
    live: settings.live,
    testRestore: settings.testRestore,
    copies: settings.copies,
    compression: settings.compression,
  };
  const presets = listRetentionPresets().map((p) => ({
    key: p.id,
    label: p.label,
    description: explainPolicy(p.policy),
    policy: { ...p.policy, keepWithin: p.policy.keepWithin ?? undefined },
  }));
  const back = `${environmentPath(env)}/backups`;
  return (
    <div className="flex max-w-5xl flex-col gap-4">
      <div className="flex items-center gap-2">
        <Link
          href={back}
          className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
        >
          <ArrowLeft className="size-4" aria-hidden /> Backups
        </Link>
        <span className="text-zinc-300 dark:text-zinc-600">/</span>
        <h2 className="text-sm font-semibold">Backup settings</h2>
      </div>
      <BackupSettingsForm
        environmentId={env.id}
        environmentTimezone={env.timezone}
        initial={JSON.parse(JSON.stringify(initial))}
        presets={presets}
        destinations={destinations.map(destinationOption)}
        timezones={listTimezones()}
        canEdit={roleAtLeast(actor.role, "admin")}
        cancelHref={back}
        saveSettings={saveSettingsAction}
        previewRetention={previewRetentionAction}
        previewSchedule={previewScheduleAction}
        verifyDestination={verifyNewDestinationAction}
        createDestination={createDestinationAction}
        inherited={settings.inherited}
        environmentType={settings.environmentType}
      />
      <AlertRulesCard
        environmentId={env.id}
        initial={alertRules}
        canEdit={roleAtLeast(actor.role, "operator")}
        save={saveAlertRulesAction}
      />
    </div>
  );
}
