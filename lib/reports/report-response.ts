/* A built report as an HTTP response in the asked format: JSON, CSV (text/csv, attachment) or PDF
 * (application/pdf, attachment), with a file name that says the scope and period. */
import "server-only";
import { getProject } from "@/lib/projects";
import type { Report, ReportQuery } from "./schema";
import { reportToCsv } from "./to-csv";
import { reportToPdf } from "./to-pdf";

export async function reportScopeName(projectId: string | null): Promise<{ name: string; slug: string }> {
  if (!projectId) return { name: "All projects", slug: "all" };
  const p = await getProject(projectId);
  return { name: p.name, slug: p.slug };
}

export async function reportResponse(report: Report, format: ReportQuery["format"]): Promise<Response> {
  if (format === "json") return Response.json(report, { headers: { "cache-control": "no-store" } });
  const scope = await reportScopeName(report.projectId);
  const file = `lifeboat-report-${scope.slug}-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}`;
  const headers = (type: string, ext: string) => ({
    "content-type": type,
    "content-disposition": `attachment; filename="${file}.${ext}"`,
    "cache-control": "no-store",
  });
  if (format === "csv")
    return new Response(reportToCsv(report), { headers: headers("text/csv; charset=utf-8", "csv") });
  const pdf = await reportToPdf(report, scope.name);
  return new Response(new Uint8Array(pdf), { headers: headers("application/pdf", "pdf") });
}
