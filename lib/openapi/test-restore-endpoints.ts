/* The test-restore endpoints of REST v1 (API.md §Proof) for the OpenAPI document. */
import { ZListTestRestores } from "@/lib/proof/test-restore/list-test-restores";
import { type Endpoint, ok } from "./endpoint-types";

export const TEST_RESTORE_ENDPOINTS: Endpoint[] = [
  {
    method: "post",
    path: "/backups/{id}/test-restore",
    tag: "proof",
    summary: "Test-restore a backup into scratch targets and check it (tables and row counts, files, smoke queries)",
    role: "operator",
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "get",
    path: "/test-restores/{id}",
    tag: "proof",
    summary: "Get a test restore with each source's checks and restore duration",
    role: "viewer",
    success: ok(
      "{id, backupId, status, startedAt, finishedAt, sources: [{sourceId, name, status, durationSeconds, checks}]}",
    ),
  },
  {
    method: "get",
    path: "/environments/{id}/test-restores",
    tag: "proof",
    summary: "List an environment's test restores, newest first",
    role: "viewer",
    query: ZListTestRestores,
    success: ok("{items: TestRestore[], nextCursor}"),
  },
];
