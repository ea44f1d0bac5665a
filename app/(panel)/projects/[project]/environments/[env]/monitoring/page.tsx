/* The Monitoring tab: how this environment's backups behave over time — size and bytes added, duration,
 * success rate per day, and storage per destination (recharts). */
import { requirePageActor } from "@/components/layout/require-page-actor";
import { MonitoringCharts } from "@/components/charts/monitoring-charts";
import { loadEnvironmentContext } from "../backups/env-context";
import { loadMonitoring } from "@/lib/monitoring/load-monitoring";
import { StorageOutlook } from "@/components/monitoring/storage-outlook";
import { loadStorageForecasts } from "@/lib/monitoring/storage-forecast";
import { latestVerification } from "@/lib/monitoring/verification-status";

export const metadata = { title: "Monitoring" };
export const dynamic = "force-dynamic";

export default async function MonitoringPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const [data, forecasts, verification] = await Promise.all([
    loadMonitoring(env.id),
    loadStorageForecasts(env.id),
    latestVerification(env.id),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <StorageOutlook forecasts={forecasts} verification={verification} />
      <MonitoringCharts points={data.points} usage={data.usage} timeZone={env.timezone} />
    </div>
  );
}
