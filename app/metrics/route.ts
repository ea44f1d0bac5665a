/* GET /metrics: Prometheus text format, for a scraper holding LIFEBOAT_METRICS_TOKEN as a bearer token;
 * 404 when no token is configured (the endpoint is off), 401 with a wrong or missing token. */
import { errorResponse } from "@/lib/http";
import { metricsAccess, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const access = metricsAccess(req.headers.get("authorization"));
  if (access === "off") return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
  if (access === "denied") {
    return new Response("A valid metrics token is required: Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": 'Bearer realm="lifeboat-metrics"' },
    });
  }
  try {
    const { contentType, body } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e, "GET /metrics");
  }
}
