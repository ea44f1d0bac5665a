/* GET /api/v1/reports?from&to&projectId&format=json|csv|pdf: the backup report of a period for all
 * environments or one project's (viewer and up). */
import { apiRoute } from "@/lib/http";
import { buildReport, reportResponse, ZReportQuery } from "@/lib/reports";

export const GET = apiRoute("viewer", async ({ query }) => {
  const q = query(ZReportQuery);
  return reportResponse(await buildReport(q), q.format);
});
