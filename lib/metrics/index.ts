/* lib/metrics: the Prometheus endpoint's access rule and one scrape rendered from read models of the
 * database (no counters kept in memory). Server-only. */
export { metricsAccess, type MetricsAccess } from "./metrics-access";
export { renderMetrics } from "./render-metrics";
