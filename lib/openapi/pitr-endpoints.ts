/* The point-in-time recovery endpoints of REST v1 (reading side) for the OpenAPI document: a source's
 * recovery window and a restore to a time. Bodies are the operations' zod schemas (lib/pitr/restore/schema.ts). */
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
];
