/* lib/reports: backup reports over a period (schedule adherence, success rate, RPO achieved, storage and
 * growth, cost, compliance, recommendations) as JSON, CSV and PDF. The query schema and types are in
 * ./schema (browser-safe); everything else reads the database and is server-only. */
export { buildReport } from "./build-report";
export { reportResponse, reportScopeName } from "./report-response";
export { reportToCsv } from "./to-csv";
export { reportToPdf } from "./to-pdf";
export * from "./schema";
