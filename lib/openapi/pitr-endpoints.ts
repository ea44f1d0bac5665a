/* The point-in-time recovery endpoints of REST v1 (reading side) for the OpenAPI document: a source's
 * recovery window, a restore to a time, and the download of a whole cluster recovered to a time. Bodies are the operations' zod schemas (lib/pitr/restore/schema.ts). */
import { ZRestoreToTimeBody } from "@/lib/pitr/restore/schema";
import { type Endpoint, ok } from "./endpoint-types";

export const PITR_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/sources/{id}/recovery-window",
    tag: "restores",
    summary:
      "The times a PostgreSQL source can be restored to: {ranges: [{from, to}], gaps: [{from, to, missing: {first, last}}]} (a missing WAL segment is a gap)",
    role: "viewer",
    success: ok("{ranges, gaps}"),
  },
  {
    method: "post",
    path: "/sources/{id}/restore-to-time",
    tag: "restores",
    summary:
      'Restore a PostgreSQL source to a time (ISO or "latest") into this or another environment; refused before the first base backup or inside a gap',
    role: "operator",
    body: ZRestoreToTimeBody,
    success: { status: 202, description: "{id, jobId} (a restore; GET /restores/{id} gains recoveredTo)" },
  },
  {
    method: "get",
    path: "/restores/{id}/download",
    tag: "restores",
    summary:
      'The whole cluster of a restore to a time with output "cluster", once it succeeded: a tar of its data directory (cleanly shut down, its own configuration), ready to start with the same PostgreSQL major version; removed once sent whole, else after 24 h (then 404)',
    role: "operator",
    success: { status: 200, description: "application/x-tar (streamed)" },
  },
];
