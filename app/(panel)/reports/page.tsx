/* Reports: the backup report of a period (presets or custom days, UTC) for all projects or one, with
 * headline figures, the per-environment table, recommendations, and CSV/PDF downloads of the same
 * report, charts of success, adherence and RPO per environment, and (admins) the e-mailed-reports
 * setting. The period and project live in the URL. Viewers and up. */
import { FileBarChart } from "lucide-react";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { ReportCharts } from "@/components/charts/report-charts";
import { ReportDownloads } from "@/components/reports/report-downloads";
import { ReportMailCard } from "@/components/reports/report-mail-card";
import { ReportPeriodForm } from "@/components/reports/report-period-form";
import { ReportRecommendations } from "@/components/reports/report-recommendations";
import { ReportSummary } from "@/components/reports/report-summary";
import { ReportTable } from "@/components/reports/report-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listChannels } from "@/lib/notify/channel-store";
import { listProjects } from "@/lib/projects";
import { getReportMailView } from "@/lib/reports/mail/mail-settings";
import { buildReport, ZReportQuery } from "@/lib/reports";
import { periodAsDates, periodPresets } from "@/lib/reports/period-presets";
import { saveReportMailAction } from "./actions";

export const metadata = { title: "Reports" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("viewer");
  const sp = await searchParams;
  const now = new Date();
  const presets = periodPresets(now);
  const fallback = presets.find((p) => p.id === "30d")!;
  const asked = {
    from: first(sp.from) ?? fallback.from,
    to: first(sp.to) ?? fallback.to,
    projectId: first(sp.projectId),
  };
  const parsed = ZReportQuery.safeParse(asked);
  const problem = parsed.success ? null : (parsed.error.issues[0]?.message ?? "The period is not valid.");
  const query = parsed.success ? parsed.data : ZReportQuery.parse({ from: fallback.from, to: fallback.to });
  const projects = await listProjects();
  const projectId = projects.some((p) => p.id === query.projectId) ? query.projectId : undefined;
  const report = await buildReport({ ...query, projectId }, now);
  const dates = periodAsDates(report.period);
  const download = { ...dates, ...(projectId ? { projectId } : {}) };
  const isAdmin = actor.role === "admin";
  const mail = isAdmin ? await getReportMailView() : null;
  const emailChannels = isAdmin ? (await listChannels()).filter((c) => c.type === "email") : [];
  return (
    <>
      <PageHeader
        title="Reports"
        description="Did backups run on schedule, succeed and stay within their RPO? Per environment, for a period."
        actions={<ReportDownloads query={download} />}
      />
      <ReportPeriodForm
        presets={presets}
        values={{ ...dates, projectId }}
        projects={projects.map((p) => ({ id: p.id, name: p.name }))}
      />
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-600 dark:text-red-400" data-testid="report-problem">
          {problem}. Showing the last 30 days instead.
        </p>
      ) : null}
      {report.environments.length === 0 ? (
        <EmptyState
          icon={<FileBarChart />}
          title="No environments to report on"
          description="Create a project and an environment; once it has backups, its figures appear here."
        />
      ) : (
        <>
          <ReportSummary report={report} />
          <ReportCharts environments={report.environments} />
          <ReportTable environments={report.environments} />
          <ReportRecommendations items={report.recommendations} />
        </>
      )}
      {mail ? (
        <ReportMailCard
          initial={mail}
          channels={emailChannels.map((c) => ({ id: c.id, name: c.name }))}
          projects={projects.map((p) => ({ id: p.id, name: p.name }))}
          save={saveReportMailAction}
        />
      ) : null}
    </>
  );
}
