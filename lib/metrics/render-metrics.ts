/* One scrape: read the database (environment and operations facts), fill a fresh registry and render
 * it in the Prometheus text format. Nothing is kept in memory between scrapes, so every panel process
 * answers the same and a restart loses nothing. */
import "server-only";
import { Registry } from "prom-client";
import { loadEnvironmentFacts } from "./environment-facts";
import { registerEnvironmentMetrics } from "./environment-metrics";
import { loadOperationsFacts } from "./operations-facts";
import { registerOperationsMetrics } from "./operations-metrics";

export async function renderMetrics(now = new Date()): Promise<{ contentType: string; body: string }> {
  const [envFacts, opsFacts] = await Promise.all([loadEnvironmentFacts(), loadOperationsFacts()]);
  const registry = new Registry();
  registerEnvironmentMetrics(registry, envFacts, now);
  registerOperationsMetrics(registry, opsFacts, now);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
