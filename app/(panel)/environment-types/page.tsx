/* Environment types (admins): the backup defaults every production, staging and development environment
 * inherits field by field until it sets its own (schedules, retention, manual and total caps, live or
 * consistent). Edited with the gear screen's own form pieces; saved through the same service as
 * PUT /api/v1/environment-types/{type}. */
import { AccessDenied } from "@/components/layout/access-denied";
import { pageAccess } from "@/components/layout/require-page-actor";
import { TypePolicyForm } from "@/components/environment-types/type-policy-form";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { roleAtLeast } from "@/lib/auth";
import { listTypePolicies } from "@/lib/backup-settings/type-policies";
import { explainPolicy, listRetentionPresets } from "@/lib/retention";
import { listTimezones } from "@/lib/schedules";
import { previewTypeScheduleAction, saveTypePolicyAction } from "./actions";

export const metadata = { title: "Environment types" };

const LABEL = { production: "Production", staging: "Staging", development: "Development" } as const;

export default async function EnvironmentTypesPage() {
  const { actor, allowed } = await pageAccess("admin", "/environment-types");
  if (!allowed) return <AccessDenied role={actor.role} need="admin" />;
  const types = await listTypePolicies();
  const presets = listRetentionPresets().map((p) => ({
    key: p.id,
    label: p.label,
    description: explainPolicy(p.policy),
    policy: { ...p.policy, keepWithin: p.policy.keepWithin ?? undefined },
  }));
  const timezones = listTimezones();
  return (
    <div className="flex max-w-5xl flex-col">
      <PageHeader
        title="Environment types"
        description="The backup defaults each environment inherits from its type until it sets a value of its own on its settings page."
      />
      <Tabs defaultValue="production" className="flex flex-col gap-4">
        <TabsList aria-label="Environment type">
          {types.map((t) => (
            <TabsTrigger key={t.type} value={t.type} data-testid={`type-tab-${t.type}`}>
              {LABEL[t.type]}
              <span className="text-xs font-normal text-zinc-400">{t.environments}</span>
            </TabsTrigger>
          ))}
        </TabsList>
        {types.map((t) => (
          <TabsContent key={t.type} value={t.type} className="flex flex-col gap-3">
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="type-summary">
              {t.environments === 1 ? "1 environment has" : `${t.environments} environments have`} this type. Now:{" "}
              {t.scheduleDescriptions.join("; ") || "no automatic backups"}; keeps {t.retentionDescription}
              {t.maxBackups ? `, at most ${t.maxBackups} in total` : ""}.
            </p>
            <TypePolicyForm
              type={t.type}
              initial={JSON.parse(
                JSON.stringify({
                  schedules: t.schedules,
                  retention: t.retention,
                  maxManualBackups: t.maxManualBackups,
                  maxBackups: t.maxBackups,
                  live: t.live,
                }),
              )}
              presets={presets}
              timezones={timezones}
              canEdit={roleAtLeast(actor.role, "admin")}
              save={saveTypePolicyAction}
              previewSchedule={previewTypeScheduleAction}
            />
          </TabsContent>
        ))}
      </Tabs>
    </div>
  );
}
