/* The Monitoring tab: how this environment's backups behave over time — size and bytes added, duration,
 * success rate per day, and storage per destination (recharts). */
import { requirePageActor } from "@/components/layout/require-page-actor";
import { MonitoringCharts } from "@/components/charts/monitoring-charts";
import { loadEnvironmentContext } from "../backups/env-context";
import { loadMonitoring } from "@/lib/monitoring/load-monitoring";

export const metadata = { title: "Monitoring" };
export const dynamic = "force-dynamic";

export default async function MonitoringPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const env = await loadEnvironmentContext(project, envSlug);
  const data = await loadMonitoring(env.id);
  return <MonitoringCharts points={data.points} usage={data.usage} timeZone={env.timezone} />;
}
